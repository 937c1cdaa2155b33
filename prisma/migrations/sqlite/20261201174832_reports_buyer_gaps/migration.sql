-- CreateTable
CREATE TABLE "RollupBuyerGap" (
    "shopId" TEXT NOT NULL,
    "prevDay" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "buyers" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "prevDay", "day"),
    CONSTRAINT "RollupBuyerGap_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RollupBuyerDay_shopId_buyerOpenUid_day_idx" ON "RollupBuyerDay"("shopId", "buyerOpenUid", "day");

