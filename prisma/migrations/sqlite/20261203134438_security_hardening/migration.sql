-- CreateTable
CREATE TABLE "RateLimitEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ActionLock" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taobaoUserId" TEXT NOT NULL,
    "nick" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshTokenExpiresAt" DATETIME,
    "tokenRefreshedAt" DATETIME,
    "reauthReason" TEXT,
    "connectedAt" DATETIME,
    "joinPolicy" TEXT NOT NULL DEFAULT 'APPROVAL',
    "rateLimits" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("accessTokenEnc", "accessTokenExpiresAt", "connectedAt", "createdAt", "id", "nick", "reauthReason", "refreshTokenEnc", "refreshTokenExpiresAt", "status", "taobaoUserId", "tokenRefreshedAt", "updatedAt") SELECT "accessTokenEnc", "accessTokenExpiresAt", "connectedAt", "createdAt", "id", "nick", "reauthReason", "refreshTokenEnc", "refreshTokenExpiresAt", "status", "taobaoUserId", "tokenRefreshedAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_taobaoUserId_key" ON "Shop"("taobaoUserId");
CREATE INDEX "Shop_nick_idx" ON "Shop"("nick");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taobaoUserId" TEXT NOT NULL,
    "nick" TEXT NOT NULL,
    "isSubAccount" BOOLEAN NOT NULL DEFAULT false,
    "activeShopId" TEXT,
    "lastSeenAt" DATETIME,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("activeShopId", "createdAt", "id", "isSubAccount", "lastSeenAt", "nick", "taobaoUserId", "updatedAt") SELECT "activeShopId", "createdAt", "id", "isSubAccount", "lastSeenAt", "nick", "taobaoUserId", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_taobaoUserId_key" ON "User"("taobaoUserId");
CREATE TABLE "new_Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'CUSTOMER_SERVICE',
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "removedAt" DATETIME,
    "lastSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Membership_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Membership" ("createdAt", "id", "lastSeenAt", "role", "shopId", "updatedAt", "userId") SELECT "createdAt", "id", "lastSeenAt", "role", "shopId", "updatedAt", "userId" FROM "Membership";
DROP TABLE "Membership";
ALTER TABLE "new_Membership" RENAME TO "Membership";
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");
CREATE UNIQUE INDEX "Membership_shopId_userId_key" ON "Membership"("shopId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RateLimitEvent_shopId_action_at_idx" ON "RateLimitEvent"("shopId", "action", "at");

-- CreateIndex
CREATE INDEX "RateLimitEvent_userId_action_at_idx" ON "RateLimitEvent"("userId", "action", "at");

