-- The API bounds text in characters (code points, as JSON Schema's maxLength counts them) while
-- H2's VARCHAR(n) bounds UTF-16 units, which a character outside the Basic Multilingual Plane
-- (an emoji, say) takes two of: a 150-emoji run name passed the contract's 200 and failed the
-- column's. Twice the contract's bound holds any text the contract lets through.
ALTER TABLE run ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE metric_key ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE artifact ALTER COLUMN path SET DATA TYPE VARCHAR(2048);
ALTER TABLE evaluation ALTER COLUMN metric SET DATA TYPE VARCHAR(200);
ALTER TABLE evaluation ALTER COLUMN evaluator SET DATA TYPE VARCHAR(400);
ALTER TABLE study ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE study_arm ALTER COLUMN label SET DATA TYPE VARCHAR(400);
ALTER TABLE study_task ALTER COLUMN caption SET DATA TYPE VARCHAR(1000);
ALTER TABLE study_rater ALTER COLUMN name SET DATA TYPE VARCHAR(200);
