//! Adal's developer library: what the drivers of the `adal-tools` binary measure with, kept out
//! of the product crate.
//!
//! - [`eval`]: detection quality the way the PAN text-alignment tasks measure it
//!   (`adal-tools eval pan`);
//! - [`synthetic`]: deterministic synthetic corpora, submissions with known borrowings,
//!   translated passages and paraphrase development sets (`adal-tools eval make-paraphrase`),
//!   for the benchmarks and tests.
//!
//! Both stand on the `adal` library and are used by the product's tests and benches only as a
//! dev-dependency; the product never depends on them.

pub mod eval;
pub mod synthetic;
