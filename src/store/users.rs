//! Users and their indexes: e-mail → user and supervisor → students.

use super::tx::{abort, id_key, pair_key, TreeName, Tx, TxResult};
use super::{Actor, AuditAction, AuditTarget, NewUser, Role, Store, StoreError, Thesis, User, UserId};

/// The form an e-mail address is stored and looked up in.
pub(crate) fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Tx<'_> {
    /// Checks that `supervisor` names an active user with the supervisor role.
    fn require_supervisor(&self, supervisor: UserId) -> TxResult<()> {
        let user: User = self.get_record(TreeName::Users, "user", supervisor)?;
        if user.role != Role::Supervisor {
            return abort(StoreError::Invalid { reason: "the assigned supervisor is not a supervisor" });
        }
        Ok(())
    }

    /// Writes a user and keeps both indexes in step with `before`.
    fn put_user(&self, before: Option<&User>, after: &User) -> TxResult<()> {
        if let Some(before) = before {
            self.remove(TreeName::UsersByEmail, before.email.as_bytes())?;
            if let Some(old_supervisor) = before.supervisor {
                self.remove(TreeName::StudentsBySupervisor, &pair_key(old_supervisor, before.id))?;
            }
        }
        let owner: Option<UserId> = self.get(TreeName::UsersByEmail, after.email.as_bytes())?;
        if owner.is_some_and(|owner| owner != after.id) {
            return abort(StoreError::EmailTaken { email: after.email.clone() });
        }
        if let Some(supervisor) = after.supervisor {
            if after.role != Role::Student {
                return abort(StoreError::Invalid { reason: "only students have a supervisor" });
            }
            self.require_supervisor(supervisor)?;
            self.put_raw(TreeName::StudentsBySupervisor, &pair_key(supervisor, after.id), &[])?;
        }
        self.put(TreeName::UsersByEmail, after.email.as_bytes(), &after.id)?;
        self.put(TreeName::Users, &id_key(after.id), after)
    }
}

impl Tx<'_> {
    /// Moves a thesis to another supervisor, keeping the supervisor → theses index in step.
    fn set_thesis_supervisor(&self, thesis_id: u64, supervisor: Option<UserId>, now: i64) -> TxResult<()> {
        let before: Thesis = self.get_record(TreeName::Theses, "thesis", thesis_id)?;
        if let Some(old_supervisor) = before.supervisor {
            self.remove(TreeName::ThesesBySupervisor, &pair_key(old_supervisor, thesis_id))?;
        }
        if let Some(new_supervisor) = supervisor {
            self.put_raw(TreeName::ThesesBySupervisor, &pair_key(new_supervisor, thesis_id), &[])?;
        }
        let after = Thesis { supervisor, updated_at: now, ..before };
        self.put(TreeName::Theses, &id_key(thesis_id), &after)
    }
}

impl Store {
    /// Creates a user. The e-mail address must be unused; a supervisor must be a supervisor.
    pub fn create_user(&self, new_user: &NewUser, actor: Actor, now: i64) -> Result<User, StoreError> {
        let email = normalize_email(&new_user.email);
        if email.is_empty() {
            return Err(StoreError::Invalid { reason: "the e-mail address is empty" });
        }
        self.write(|tx| {
            let user = User {
                id: tx.next_id("user")?,
                name: new_user.name.trim().to_string(),
                email: email.clone(),
                role: new_user.role,
                faculty: new_user.faculty.clone(),
                department: new_user.department.clone(),
                supervisor: new_user.supervisor,
                password_hash: new_user.password_hash.clone(),
                active: true,
                created_at: now,
                credentials_valid_from: now,
            };
            tx.put_user(None, &user)?;
            let details = serde_json::json!({ "email": user.email, "role": user.role });
            tx.audit(now, actor, AuditAction::UserCreated, AuditTarget::User(user.id), details)?;
            Ok(user)
        })
    }

    /// Creates several users in one transaction: all of them or, on the first error (a taken
    /// e-mail address, a supervisor that is not one), none. Each user's supervisor may be named
    /// by e-mail (the second element), also one created earlier in the same batch.
    pub fn create_users(
        &self,
        new_users: &[(NewUser, Option<String>)],
        actor: Actor,
        now: i64,
    ) -> Result<Vec<User>, StoreError> {
        for (new_user, _) in new_users {
            if normalize_email(&new_user.email).is_empty() {
                return Err(StoreError::Invalid { reason: "the e-mail address is empty" });
            }
        }
        self.write(|tx| {
            let mut created = Vec::with_capacity(new_users.len());
            for (new_user, supervisor_email) in new_users {
                let supervisor = match supervisor_email {
                    Some(email) => {
                        let key = normalize_email(email);
                        let found: Option<UserId> = tx.get(TreeName::UsersByEmail, key.as_bytes())?;
                        match found {
                            Some(id) => Some(id),
                            None => {
                                return abort(StoreError::Invalid {
                                    reason: "the supervisor's e-mail is unknown",
                                })
                            }
                        }
                    }
                    None => new_user.supervisor,
                };
                let user = User {
                    id: tx.next_id("user")?,
                    name: new_user.name.trim().to_string(),
                    email: normalize_email(&new_user.email),
                    role: new_user.role,
                    faculty: new_user.faculty.clone(),
                    department: new_user.department.clone(),
                    supervisor,
                    password_hash: new_user.password_hash.clone(),
                    active: true,
                    created_at: now,
                    credentials_valid_from: now,
                };
                tx.put_user(None, &user)?;
                let details = serde_json::json!({ "email": user.email, "role": user.role, "import": true });
                tx.audit(now, actor, AuditAction::UserCreated, AuditTarget::User(user.id), details)?;
                created.push(user);
            }
            Ok(created)
        })
    }

    /// Replaces a user's fields (name, e-mail, role, faculty, supervisor, password, active),
    /// keeping the indexes consistent. The id and creation time cannot change. A student's new
    /// supervisor also becomes the supervisor of the student's theses.
    pub fn update_user(&self, updated: &User, actor: Actor, now: i64) -> Result<User, StoreError> {
        let email = normalize_email(&updated.email);
        if email.is_empty() {
            return Err(StoreError::Invalid { reason: "the e-mail address is empty" });
        }
        let own_theses = self.index_ids(TreeName::ThesesByStudent, updated.id)?;
        self.write(|tx| {
            let before: User = tx.get_record(TreeName::Users, "user", updated.id)?;
            let mut after = User { email: email.clone(), created_at: before.created_at, ..updated.clone() };
            let password_changed = before.password_hash != after.password_hash;
            let deactivated = before.active && !after.active;
            // Old sessions and tokens die with a password change or a deactivation.
            after.credentials_valid_from =
                if password_changed || deactivated { now } else { before.credentials_valid_from };
            tx.put_user(Some(&before), &after)?;
            if before.supervisor != after.supervisor {
                for &thesis_id in &own_theses {
                    tx.set_thesis_supervisor(thesis_id, after.supervisor, now)?;
                }
            }
            let details = serde_json::json!({
                "email": after.email,
                "role": after.role,
                "active": after.active,
                "supervisor": after.supervisor,
                "password_changed": password_changed,
            });
            tx.audit(now, actor, AuditAction::UserUpdated, AuditTarget::User(after.id), details)?;
            Ok(after)
        })
    }

    pub fn user(&self, id: UserId) -> Result<User, StoreError> {
        self.read_record(TreeName::Users, "user", id)
    }

    /// The user with this e-mail address (compared trimmed and lower-cased).
    pub fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let key = normalize_email(email);
        match self.tree(TreeName::UsersByEmail).get(key.as_bytes())? {
            Some(bytes) => {
                let id: UserId = super::tx::decode(TreeName::UsersByEmail, key.as_bytes(), &bytes)?;
                self.read(TreeName::Users, id)
            }
            None => Ok(None),
        }
    }

    /// All users in id order.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        self.read_all(TreeName::Users)
    }

    /// The students assigned to a supervisor, in id order.
    pub fn students_of(&self, supervisor: UserId) -> Result<Vec<User>, StoreError> {
        let ids = self.index_ids(TreeName::StudentsBySupervisor, supervisor)?;
        ids.into_iter().map(|id| self.user(id)).collect()
    }
}
