//! Black-box tests of the real server over TLS, on the backend this run tests
//! (`CJS_TEST_BACKEND=sqlite|postgres`).

mod helpers;

mod authz_matrix;
mod backup;
mod certificates;
mod client_certificate;
mod collective;
mod deduction;
mod front_door;
mod hours;
mod info;
mod job_leases;
mod jobs;
mod ledger;
mod lockout;
mod metrics;
mod rules;
mod scope;
mod spa_and_docs;
mod system;
mod users;
mod zaikei;
