-- Default team names are shown by each page in its own language ("Team 4", "第 4 隊"): an empty name stands for one.
UPDATE "Team" SET "name" = '' WHERE "name" = 'Team ' || "number";
