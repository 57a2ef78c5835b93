-- V4 widened the user-written text columns to twice the contract's bound (H2 counts UTF-16 units,
-- the contract characters) but missed the run's model, dataset and preset, which a tracked-only run
-- sets freely: 51 emoji passed the contract's 100 and failed the column's 100.
ALTER TABLE run ALTER COLUMN model SET DATA TYPE VARCHAR(200);
ALTER TABLE run ALTER COLUMN dataset SET DATA TYPE VARCHAR(200);
ALTER TABLE run ALTER COLUMN preset SET DATA TYPE VARCHAR(200);
