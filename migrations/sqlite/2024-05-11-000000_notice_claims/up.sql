-- An expiry notice is claimed (a lease) before it is sent and marked only once it was sent; a
-- claim left by a crashed instance expires and the notice is tried again.
ALTER TABLE certificates ADD COLUMN notice_claim TEXT;
ALTER TABLE certificates ADD COLUMN notice_claimed_at TIMESTAMP;
