ALTER TABLE certificates DROP COLUMN notice_claimed_at;
ALTER TABLE certificates DROP COLUMN notice_claim;
