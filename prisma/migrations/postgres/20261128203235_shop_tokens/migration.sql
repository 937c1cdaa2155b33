-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "accessTokenEnc" TEXT,
ADD COLUMN     "accessTokenExpiresAt" TIMESTAMP(3),
ADD COLUMN     "connectedAt" TIMESTAMP(3),
ADD COLUMN     "reauthReason" TEXT,
ADD COLUMN     "refreshTokenEnc" TEXT,
ADD COLUMN     "refreshTokenExpiresAt" TIMESTAMP(3),
ADD COLUMN     "tokenRefreshedAt" TIMESTAMP(3);

