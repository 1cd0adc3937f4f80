//! People's own accounts and the admin's care of them: changing one's password (with the
//! current one), a one-time link to set a new password, and switching an account off and on.
//! A new password or a deactivation ends the account's sessions and API tokens (the store sets
//! `credentials_valid_from`).

use super::{AppError, Services};
use crate::auth::{
    authorize, hash_password, hash_token, new_api_token, verify_password, AccessTarget, Action, UserRef,
};
use crate::model::Translated;
use crate::records::TokenPurpose;
use crate::store::{Actor, User, UserId};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// How long a password-reset link works.
pub const RESET_LINK_HOURS: i64 = 72;

const WRONG_CURRENT_PASSWORD: Translated = crate::messages::text("wrong_current_password");

const PASSWORD_TOO_SHORT: Translated = crate::messages::text("password_too_short");

const PASSWORDS_DIFFER: Translated = crate::messages::text("passwords_differ");

const RESET_LINK_INVALID: Translated = crate::messages::text("reset_link_invalid");

/// A new password and its repetition, as a form has them.
#[derive(Clone, Debug)]
pub struct NewPassword {
    pub password: String,
    pub repeated: String,
}

impl NewPassword {
    fn checked(self) -> Result<String, AppError> {
        if self.password != self.repeated {
            return Err(AppError::invalid("passwords_differ", PASSWORDS_DIFFER));
        }
        if self.password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::invalid("password_too_short", PASSWORD_TOO_SHORT));
        }
        if self.password.len() > crate::auth::MAX_PASSWORD_BYTES {
            return Err(AppError::invalid("field_too_long", PASSWORD_TOO_SHORT));
        }
        Ok(self.password)
    }
}

fn with_password(services: &Services, user: User, password: &str, actor: Actor) -> Result<User, AppError> {
    let hash = hash_password(password).map_err(AppError::internal)?;
    let updated = User { password_hash: Some(hash), ..user };
    Ok(services.store.update_user(&updated, actor, services.now())?)
}

/// A user changes their own password, giving the current one. Every session of the account,
/// this one included, ends: the user logs in again with the new password.
pub fn change_own_password(
    services: &Services,
    caller: &User,
    current_password: &str,
    new_password: NewPassword,
) -> Result<User, AppError> {
    let user = services.store.user(caller.id)?;
    let matches = user.password_hash.as_deref().is_some_and(|hash| verify_password(current_password, hash));
    if !matches || !user.active {
        return Err(AppError::invalid("wrong_current_password", WRONG_CURRENT_PASSWORD));
    }
    let password = new_password.checked()?;
    with_password(services, user, &password, Actor::User(caller.id))
}

/// An admin creates a user without a password and issues the one-time link for them to set
/// one; answers the user and the link's token (shown once).
pub fn create_user_with_reset_link(
    services: &Services,
    caller: &User,
    input: super::users::NewUserInput,
) -> Result<(User, String), AppError> {
    let user = super::users::create_user(services, caller, input)?;
    let token = issue_password_reset(services, caller, user.id)?;
    Ok((user, token))
}

/// An admin issues a one-time link for a user to set a new password (valid
/// [`RESET_LINK_HOURS`]); answers the token of the link (`/reset/{token}`), shown once.
pub fn issue_password_reset(services: &Services, caller: &User, user_id: UserId) -> Result<String, AppError> {
    authorize(caller, Action::ManageUsers, &AccessTarget::Institution)?;
    let user = services.store.user(user_id)?;
    authorize(caller, Action::ManageUsers, &AccessTarget::User(UserRef::from(&user)))?;
    let token = new_api_token().map_err(AppError::internal)?;
    let now = services.now();
    let expires_at = now + RESET_LINK_HOURS * 3_600_000;
    services.store.create_reset_token(
        user.id,
        &hash_token(&token),
        expires_at,
        Actor::User(caller.id),
        now,
    )?;
    Ok(token)
}

/// The account a reset link is for, if the link is valid (unused, not expired, a reset link).
pub fn reset_link_user(services: &Services, token: &str) -> Result<User, AppError> {
    let invalid = || AppError::invalid("reset_link_invalid", RESET_LINK_INVALID);
    let stored = services.store.api_token(&hash_token(token), services.now())?.ok_or_else(invalid)?;
    if stored.purpose != TokenPurpose::PasswordReset {
        return Err(invalid());
    }
    let user = services.store.user(stored.user)?;
    if !user.active {
        return Err(invalid());
    }
    Ok(user)
}

/// Sets a new password through a reset link; the link is used up.
pub fn reset_password(services: &Services, token: &str, new_password: NewPassword) -> Result<User, AppError> {
    let user = reset_link_user(services, token)?;
    let password = new_password.checked()?;
    let stored = services.store.api_token(&hash_token(token), services.now())?;
    if let Some(stored) = stored {
        services.store.revoke_api_token(stored.id, Actor::User(user.id), services.now())?;
    }
    with_password(services, user.clone(), &password, Actor::User(user.id))
}

/// An admin switches an account off (its sessions and tokens end) or on again.
pub fn set_active(
    services: &Services,
    caller: &User,
    user_id: UserId,
    active: bool,
) -> Result<User, AppError> {
    let change = super::users::UserChangeInput { active: Some(active), ..Default::default() };
    super::users::update_user(services, caller, user_id, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_are_checked() {
        let new = |password: &str, repeated: &str| NewPassword {
            password: password.into(),
            repeated: repeated.into(),
        };
        assert_eq!(new("long enough", "long enough").checked().expect("ok"), "long enough");
        assert_eq!(new("short", "short").checked().expect_err("short").code(), "password_too_short");
        assert_eq!(
            new("long enough", "long enougH").checked().expect_err("differ").code(),
            "passwords_differ"
        );
    }
}
