-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('ACTIVE', 'PENDING', 'REMOVED');

-- CreateEnum
CREATE TYPE "JoinPolicy" AS ENUM ('AUTO', 'APPROVAL');

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "joinPolicy" "JoinPolicy" NOT NULL DEFAULT 'APPROVAL',
ADD COLUMN     "rateLimits" JSONB;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "removedAt" TIMESTAMP(3),
ADD COLUMN     "status" "MembershipStatus" NOT NULL DEFAULT 'ACTIVE';

-- CreateTable
CREATE TABLE "RateLimitEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionLock" (
    "key" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActionLock_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitEvent_shopId_action_at_idx" ON "RateLimitEvent"("shopId", "action", "at");

-- CreateIndex
CREATE INDEX "RateLimitEvent_userId_action_at_idx" ON "RateLimitEvent"("userId", "action", "at");

