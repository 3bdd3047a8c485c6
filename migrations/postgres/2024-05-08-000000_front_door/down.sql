DROP TABLE operation_log;
DROP TABLE sessions;
DROP TABLE cert_challenges;
DROP TABLE registration_tokens;
DROP TABLE certificates;
DROP TABLE users;
DROP TABLE payment_groups;
DROP TABLE contracts;
