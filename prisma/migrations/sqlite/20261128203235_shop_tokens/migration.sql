-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "accessTokenEnc" TEXT;
ALTER TABLE "Shop" ADD COLUMN "accessTokenExpiresAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "connectedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "reauthReason" TEXT;
ALTER TABLE "Shop" ADD COLUMN "refreshTokenEnc" TEXT;
ALTER TABLE "Shop" ADD COLUMN "refreshTokenExpiresAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "tokenRefreshedAt" DATETIME;

