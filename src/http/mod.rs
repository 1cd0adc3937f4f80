//! HTTP plumbing shared by the JSON API (`crate::server::handlers`) and the pages
//! (`crate::web`): the state every request sees (`state`), sessions, API tokens and CSRF
//! (`session`), logging in and out (`login`), the one mapping of application errors to HTTP answers (`error`) and the reading
//! of uploaded files from multipart forms (`upload`).
//!
//! The API and the pages both stand on this module and on `crate::app`; neither imports the
//! other. `crate::server` composes them into one router.

pub mod error;
pub mod login;
pub mod session;
pub mod state;
pub mod upload;
