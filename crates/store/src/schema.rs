//! The schema, written once for both backends (the migrations folders hold the DDL per backend).

diesel::table! {
    /// Facts the installation keeps about itself.
    app_meta (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}
