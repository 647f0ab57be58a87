-- CreateTable
CREATE TABLE "Game" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "loginDelayMs" INTEGER NOT NULL DEFAULT 10000,
    "requirePin" BOOLEAN NOT NULL DEFAULT false,
    "showLeaderboard" BOOLEAN NOT NULL DEFAULT true,
    "showFeedValues" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "boardLevelId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Level" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "fStar" REAL NOT NULL,
    "argmin" TEXT NOT NULL,
    "fMedian" REAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "showPassword" BOOLEAN NOT NULL DEFAULT false,
    "openedAt" DATETIME,
    "closesAt" DATETIME,
    "remainingMs" INTEGER,
    "closedAt" DATETIME,
    "revealedAt" DATETIME,
    CONSTRAINT "Level_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "gameId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "pin" TEXT,
    CONSTRAINT "Team_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Guess" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" INTEGER NOT NULL,
    "levelId" INTEGER NOT NULL,
    "x" TEXT NOT NULL,
    "fx" REAL NOT NULL,
    "grad" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "readyAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'http',
    CONSTRAINT "Guess_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Guess_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamSession" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "teamId" INTEGER NOT NULL,
    "levelId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TeamSession_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TeamSession_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdminSession" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ReferenceRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "levelId" INTEGER NOT NULL,
    "teamId" INTEGER,
    "optimizer" TEXT NOT NULL,
    "lr" REAL NOT NULL,
    "beta" REAL,
    "steps" INTEGER NOT NULL,
    "diverged" BOOLEAN NOT NULL,
    "path" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReferenceRun_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "Level" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
CREATE INDEX "ReferenceRun_levelId_idx" ON "ReferenceRun"("levelId");
