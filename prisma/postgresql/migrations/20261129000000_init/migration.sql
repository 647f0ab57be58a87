-- The whole schema of prisma/schema.prisma on PostgreSQL, as `prisma migrate` writes it (the schema engine cannot
-- be downloaded here: written by hand, checked against the Prisma client by tests/integration/postgres-store.test.ts).

-- CreateTable
CREATE TABLE "Game" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "loginDelayMs" INTEGER NOT NULL DEFAULT 10000,
    "requirePin" BOOLEAN NOT NULL DEFAULT false,
    "showLeaderboard" BOOLEAN NOT NULL DEFAULT true,
    "showFeedValues" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "boardLevelId" INTEGER,
    "defaultDelayMs" INTEGER NOT NULL DEFAULT 10000,
    "defaultBudget" INTEGER DEFAULT 20,
    "timeZone" TEXT,
    "showPassword" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Game_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Level" (
    "id" SERIAL NOT NULL,
    "gameId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "expression" TEXT NOT NULL,
    "dims" INTEGER NOT NULL,
    "domain" TEXT NOT NULL,
    "delayMs" INTEGER NOT NULL DEFAULT 10000,
    "budget" INTEGER DEFAULT 20,
    "timeLimitMs" INTEGER,
    "password" TEXT NOT NULL,
    "start" TEXT NOT NULL,
    "fStar" DOUBLE PRECISION NOT NULL,
    "argmin" TEXT NOT NULL,
    "fMedian" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "showPassword" BOOLEAN NOT NULL DEFAULT false,
    "openedAt" TIMESTAMP(3),
    "closesAt" TIMESTAMP(3),
    "remainingMs" INTEGER,
    "closedAt" TIMESTAMP(3),
    "revealedAt" TIMESTAMP(3),
    "axes" TEXT,
    "data" TEXT,
    "samples" TEXT,

    CONSTRAINT "Level_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "gameId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "pin" TEXT,
    "code" TEXT,
    "claimedAt" TIMESTAMP(3),

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Guess" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "levelId" INTEGER NOT NULL,
    "x" TEXT NOT NULL,
    "fx" DOUBLE PRECISION NOT NULL,
    "grad" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "readyAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'http',
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Guess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamSession" (
    "tokenHash" TEXT NOT NULL,
    "teamId" INTEGER NOT NULL,
    "levelId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamSession_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "AdminSession" (
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminSession_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ReferenceRun" (
    "id" SERIAL NOT NULL,
    "levelId" INTEGER NOT NULL,
    "teamId" INTEGER,
    "optimizer" TEXT NOT NULL,
    "lr" DOUBLE PRECISION NOT NULL,
    "beta" DOUBLE PRECISION,
    "steps" INTEGER NOT NULL,
    "diverged" BOOLEAN NOT NULL,
    "variant" TEXT,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferenceRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateBucket" (
    "key" TEXT NOT NULL,
    "windowStart" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Level_gameId_password_key" ON "Level"("gameId", "password");

-- CreateIndex
CREATE INDEX "Level_gameId_index_idx" ON "Level"("gameId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Team_gameId_number_key" ON "Team"("gameId", "number");

-- CreateIndex
CREATE INDEX "Guess_levelId_teamId_idx" ON "Guess"("levelId", "teamId");

-- CreateIndex
CREATE INDEX "Guess_readyAt_idx" ON "Guess"("readyAt");

-- CreateIndex
CREATE INDEX "Guess_deliveredAt_readyAt_idx" ON "Guess"("deliveredAt", "readyAt");

-- CreateIndex
CREATE INDEX "TeamSession_teamId_createdAt_idx" ON "TeamSession"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "ReferenceRun_levelId_idx" ON "ReferenceRun"("levelId");

-- AddForeignKey
ALTER TABLE "Level" ADD CONSTRAINT "Level_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guess" ADD CONSTRAINT "Guess_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guess" ADD CONSTRAINT "Guess_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamSession" ADD CONSTRAINT "TeamSession_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamSession" ADD CONSTRAINT "TeamSession_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferenceRun" ADD CONSTRAINT "ReferenceRun_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The one write of a guess, with the rules the database must hold across instances: the level is open in the
-- active game, the team has no pending guess, and its budget is not used up. The advisory lock serialises one team's guesses in one
-- level; each statement after it sees what the previous holder committed. Times are epoch milliseconds.
-- Answers the new id, or -1 (GUESS_PENDING), -2 (BUDGET_EXHAUSTED), -3 (LEVEL_NOT_OPEN).
CREATE FUNCTION gd_insert_guess(p_team INTEGER, p_level INTEGER, p_x TEXT, p_fx DOUBLE PRECISION, p_grad TEXT,
                                p_submitted_ms DOUBLE PRECISION, p_ready_ms DOUBLE PRECISION, p_source TEXT)
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
    submitted TIMESTAMP(3) := to_timestamp(p_submitted_ms / 1000.0) AT TIME ZONE 'UTC';
    ready TIMESTAMP(3) := to_timestamp(p_ready_ms / 1000.0) AT TIME ZONE 'UTC';
    lvl RECORD;
    new_id INTEGER;
BEGIN
    PERFORM pg_advisory_xact_lock(p_level, p_team);
    SELECT l."status", l."closesAt", l."budget", g."active" INTO lvl
        FROM "Level" l JOIN "Game" g ON g."id" = l."gameId" WHERE l."id" = p_level;
    IF NOT FOUND OR NOT lvl."active" OR lvl."status" <> 'open' OR (lvl."closesAt" IS NOT NULL AND lvl."closesAt" <= submitted) THEN
        RETURN -3;
    END IF;
    IF EXISTS (SELECT 1 FROM "Guess" WHERE "levelId" = p_level AND "teamId" = p_team AND "readyAt" > submitted) THEN
        RETURN -1;
    END IF;
    IF lvl."budget" IS NOT NULL AND (SELECT count(*) FROM "Guess" WHERE "levelId" = p_level AND "teamId" = p_team) >= lvl."budget" THEN
        RETURN -2;
    END IF;
    INSERT INTO "Guess" ("teamId", "levelId", "x", "fx", "grad", "submittedAt", "readyAt", "source")
    VALUES (p_team, p_level, p_x, p_fx, p_grad, submitted, ready, p_source)
    RETURNING "id" INTO new_id;
    RETURN new_id;
END
$$;
