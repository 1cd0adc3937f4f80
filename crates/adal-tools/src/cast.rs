//! The people and texts of the crash and load runs: an admin, a supervisor and students with
//! API tokens written straight into a fresh store before the server starts, and unique texts
//! drawn from a small deterministic generator, so a seed replays the same run of choices.

use adal::auth::hash_token;
use adal::clock::now_ms;
use adal::store::{Actor, NewUser, Role, Store};
use std::path::Path;

/// A small deterministic generator (SplitMix64), so a seed replays the same run of choices.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}

const WORDS: [&str; 24] = [
    "университет",
    "зерттеу",
    "білім",
    "жүйе",
    "талдау",
    "деректер",
    "исследование",
    "система",
    "анализ",
    "данные",
    "метод",
    "результат",
    "research",
    "system",
    "analysis",
    "data",
    "method",
    "result",
    "thesis",
    "corpus",
    "қазақ",
    "тіл",
    "модель",
    "әдіс",
];

/// A text of `words` words from the seed, with a unique marker so that no two are equal.
pub fn unique_text(random: &mut SplitMix, marker: &str, words: usize) -> String {
    let mut text = format!("{marker}. ");
    for position in 0..words {
        text.push_str(WORDS[random.below(WORDS.len() as u64) as usize]);
        text.push(if position % 12 == 11 { '.' } else { ' ' });
    }
    text
}

/// The people of the run, each with an API token.
#[derive(Clone, Debug)]
pub struct Cast {
    pub admin: String,
    pub supervisor: String,
    pub students: Vec<String>,
}

/// Creates an admin, a supervisor and `n_students` students with API tokens in a fresh store.
pub fn create_cast(store_dir: &Path, n_students: usize) -> anyhow::Result<Cast> {
    let store = Store::open(store_dir)?;
    let now = now_ms();
    let token_of = |name: &str, role: Role, supervisor: Option<u64>| -> anyhow::Result<(String, u64)> {
        let new_user = NewUser {
            name: name.to_string(),
            email: format!("{}@bench.adal", name.to_lowercase()),
            role,
            faculty: Some("IT".to_string()).filter(|_| role != Role::Admin),
            department: None,
            supervisor,
            password_hash: None,
        };
        let user = store.create_user(&new_user, Actor::System, now)?;
        let token = format!("adal_bench_{}_{}", user.id, now);
        store.create_api_token(user.id, "bench", &hash_token(&token), None, now)?;
        Ok((token, user.id))
    };
    let (admin, _) = token_of("Admin", Role::Admin, None)?;
    let (supervisor, supervisor_id) = token_of("Supervisor", Role::Supervisor, None)?;
    let mut students = Vec::new();
    for number in 0..n_students {
        students.push(token_of(&format!("Student{number}"), Role::Student, Some(supervisor_id))?.0);
    }
    store.flush()?;
    Ok(Cast { admin, supervisor, students })
}
