//! One module per screen.

pub mod admin;
pub mod certificate;
pub mod collective;
pub mod deduction;
pub mod info;
pub mod ledger;
pub mod logged_out;
pub mod login;
pub mod manuals;
pub mod menu;
pub mod not_found;
pub mod password;
pub mod payment_group;
pub mod preparing;
pub mod register;
pub mod register_master;
pub mod savings;
pub mod status;
pub mod timeout;
pub mod top;
pub mod zaikei;
