-- Game defaults for new levels, the export time zone, and the remembered "password on board" choice.
ALTER TABLE "Game" ADD COLUMN "defaultDelayMs" INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE "Game" ADD COLUMN "defaultBudget" INTEGER DEFAULT 20;
ALTER TABLE "Game" ADD COLUMN "timeZone" TEXT;
ALTER TABLE "Game" ADD COLUMN "showPassword" BOOLEAN NOT NULL DEFAULT true;

-- A level's axis names, data set and reveal samples.
ALTER TABLE "Level" ADD COLUMN "axes" TEXT;
ALTER TABLE "Level" ADD COLUMN "data" TEXT;
ALTER TABLE "Level" ADD COLUMN "samples" TEXT;

-- Team codes: the first device to log in claims the team.
ALTER TABLE "Team" ADD COLUMN "code" TEXT;
ALTER TABLE "Team" ADD COLUMN "claimedAt" DATETIME;

-- The due-results queue of several instances.
ALTER TABLE "Guess" ADD COLUMN "deliveredAt" DATETIME;
CREATE INDEX "Guess_deliveredAt_readyAt_idx" ON "Guess"("deliveredAt", "readyAt");

CREATE INDEX "TeamSession_teamId_createdAt_idx" ON "TeamSession"("teamId", "createdAt");

ALTER TABLE "ReferenceRun" ADD COLUMN "variant" TEXT;

CREATE TABLE "RateBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" REAL NOT NULL,
    "count" INTEGER NOT NULL
);
