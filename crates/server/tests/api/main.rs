//! Black-box tests of the real server over TLS, on the backend this run tests
//! (`CJS_TEST_BACKEND=sqlite|postgres`).

mod helpers;

mod client_certificate;
mod front_door;
mod spa_and_docs;
mod system;
