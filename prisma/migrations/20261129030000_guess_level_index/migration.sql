-- One SQLite server reads guesses by level, and by readyAt only at start-up: one index that each new guess appends
-- to, instead of three that put a group commit's guesses on tens of pages. (PostgreSQL keeps its indexes: several
-- instances check pending guesses and budgets and claim due results in the database.)
DROP INDEX IF EXISTS "Guess_levelId_teamId_idx";
DROP INDEX IF EXISTS "Guess_readyAt_idx";
DROP INDEX IF EXISTS "Guess_deliveredAt_readyAt_idx";
CREATE INDEX "Guess_levelId_idx" ON "Guess"("levelId");
