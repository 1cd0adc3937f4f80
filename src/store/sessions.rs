//! Login sessions and API tokens. Both are stored under a hash of the secret the client holds
//! (see `auth::hash_token`), so a copy of the database does not let anyone log in.

use super::tx::{abort, TreeName};
use super::{
    Actor, ApiToken, ApiTokenId, AuditAction, AuditTarget, Session, Store, StoreError, TokenPurpose, User,
    UserId,
};

impl Store {
    /// Stores a new session under the hash of its id.
    pub fn create_session(&self, session_hash: &str, session: &Session, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let _user: User = tx.get_record(TreeName::Users, "user", session.user)?;
            if tx.contains(TreeName::Sessions, session_hash.as_bytes())? {
                return abort(StoreError::Invalid { reason: "the session id is already in use" });
            }
            tx.put(TreeName::Sessions, session_hash.as_bytes(), session)?;
            let details = serde_json::json!({ "expires_at": session.expires_at });
            let actor = Actor::User(session.user);
            tx.audit(now, actor, AuditAction::SessionStarted, AuditTarget::User(session.user), details)?;
            Ok(())
        })
    }

    /// The live session with this hash; `None` when there is none or it has expired.
    pub fn session(&self, session_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let key = session_hash.as_bytes();
        let Some(bytes) = self.tree(TreeName::Sessions).get(key)? else {
            return Ok(None);
        };
        let session: Session = super::tx::decode(TreeName::Sessions, key, &bytes)?;
        Ok((session.expires_at > now).then_some(session))
    }

    /// Ends a session (logout). Ending a session that does not exist is not an error.
    pub fn end_session(&self, session_hash: &str, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let session: Option<Session> = tx.get(TreeName::Sessions, session_hash.as_bytes())?;
            if let Some(session) = session {
                tx.remove(TreeName::Sessions, session_hash.as_bytes())?;
                let details = serde_json::json!({ "expired": session.expires_at <= now });
                let actor = Actor::User(session.user);
                tx.audit(now, actor, AuditAction::SessionEnded, AuditTarget::User(session.user), details)?;
            }
            Ok(())
        })
    }

    /// Removes every expired session; returns how many were removed.
    pub fn remove_expired_sessions(&self, now: i64) -> Result<usize, StoreError> {
        let mut expired_hashes = Vec::new();
        for item in self.tree(TreeName::Sessions).iter() {
            let (key, bytes) = item?;
            let session: Session = super::tx::decode(TreeName::Sessions, &key, &bytes)?;
            if session.expires_at <= now {
                expired_hashes.push(String::from_utf8_lossy(&key).into_owned());
            }
        }
        for session_hash in &expired_hashes {
            self.end_session(session_hash, now)?;
        }
        Ok(expired_hashes.len())
    }

    /// Stores a new API token (its hash only) for a user.
    pub fn create_api_token(
        &self,
        user: UserId,
        label: &str,
        token_hash: &str,
        expires_at: Option<i64>,
        now: i64,
    ) -> Result<ApiToken, StoreError> {
        self.create_token(user, label, token_hash, expires_at, TokenPurpose::Api, Actor::User(user), now)
    }

    /// Stores a one-time password-reset token (its hash only) that an admin (`actor`) issued.
    pub fn create_reset_token(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: i64,
        actor: Actor,
        now: i64,
    ) -> Result<ApiToken, StoreError> {
        self.create_token(
            user,
            "password reset",
            token_hash,
            Some(expires_at),
            TokenPurpose::PasswordReset,
            actor,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn create_token(
        &self,
        user: UserId,
        label: &str,
        token_hash: &str,
        expires_at: Option<i64>,
        purpose: TokenPurpose,
        actor: Actor,
        now: i64,
    ) -> Result<ApiToken, StoreError> {
        self.write(|tx| {
            let _owner: User = tx.get_record(TreeName::Users, "user", user)?;
            if tx.contains(TreeName::ApiTokens, token_hash.as_bytes())? {
                return abort(StoreError::Invalid { reason: "the token is already in use" });
            }
            let token = ApiToken {
                id: tx.next_id("api_token")?,
                user,
                label: label.trim().to_string(),
                token_hash: token_hash.to_string(),
                created_at: now,
                expires_at,
                revoked: false,
                purpose,
            };
            tx.put(TreeName::ApiTokens, token_hash.as_bytes(), &token)?;
            let details = serde_json::json!({ "label": token.label, "user": user });
            let action = match purpose {
                TokenPurpose::Api => AuditAction::ApiTokenCreated,
                TokenPurpose::PasswordReset => AuditAction::PasswordResetIssued,
            };
            tx.audit(now, actor, action, AuditTarget::ApiToken(token.id), details)?;
            Ok(token)
        })
    }

    /// The usable token with this hash; `None` when unknown, revoked or expired.
    pub fn api_token(&self, token_hash: &str, now: i64) -> Result<Option<ApiToken>, StoreError> {
        let key = token_hash.as_bytes();
        let Some(bytes) = self.tree(TreeName::ApiTokens).get(key)? else {
            return Ok(None);
        };
        let token: ApiToken = super::tx::decode(TreeName::ApiTokens, key, &bytes)?;
        let is_expired = token.expires_at.is_some_and(|expires_at| expires_at <= now);
        Ok((!token.revoked && !is_expired).then_some(token))
    }

    /// Every token of a user, revoked ones included, oldest first.
    pub fn api_tokens_of(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        let all: Vec<ApiToken> = self.read_all(TreeName::ApiTokens)?;
        let mut tokens: Vec<ApiToken> = all.into_iter().filter(|token| token.user == user).collect();
        tokens.sort_by_key(|token| token.id);
        Ok(tokens)
    }

    /// Revokes a token; it can never be used again.
    pub fn revoke_api_token(
        &self,
        token_id: ApiTokenId,
        actor: Actor,
        now: i64,
    ) -> Result<ApiToken, StoreError> {
        let all: Vec<ApiToken> = self.read_all(TreeName::ApiTokens)?;
        let Some(found) = all.into_iter().find(|token| token.id == token_id) else {
            return Err(StoreError::NotFound { kind: "api token", id: token_id });
        };
        self.write(|tx| {
            let key = found.token_hash.as_bytes();
            let Some(current): Option<ApiToken> = tx.get(TreeName::ApiTokens, key)? else {
                return abort(StoreError::NotFound { kind: "api token", id: token_id });
            };
            let revoked = ApiToken { revoked: true, ..current };
            tx.put(TreeName::ApiTokens, key, &revoked)?;
            let details = serde_json::json!({ "user": revoked.user });
            tx.audit(now, actor, AuditAction::ApiTokenRevoked, AuditTarget::ApiToken(token_id), details)?;
            Ok(revoked)
        })
    }
}
