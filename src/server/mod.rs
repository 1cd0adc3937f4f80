//! The thesis service: axum router, state, handlers per area, one error→HTTP mapping.
