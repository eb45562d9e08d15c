invites-title = Invitations
invites-lead = Invite people by email. Each gets a link that works once, for { $days } days, to choose their name and password; they join in the role and team you choose. Send an invitation again for a fresh link (the old one stops working), or withdraw it.
invites-new = Invite someone
invites-role = Role
invites-team = Team
invites-no-team = No team yet
invites-send = Send invitation
invites-sent = Invitations sent
invites-status = Status
invites-sent-at = Sent
invites-actions = Actions
invites-status-pending = waiting
invites-status-expired = expired
invites-status-accepted = accepted
invites-status-withdrawn = withdrawn
invites-resend = Send again
invites-withdraw = Withdraw
invites-open-person = Open
invites-empty = No invitations yet.
flash-invite-sent = Invitation sent.
flash-invite-resent = Invitation sent again with a new link. The old link no longer works.
flash-invite-withdrawn = Invitation withdrawn. Its link no longer works.
field-invite-team = Choose one of the organisation's teams.
field-invite-role = Choose a role from the list.
field-invite-already-member = Someone with this address is already in the organisation.
field-invite-pending = This address already has an invitation waiting. Send it again from the list below.
invite-title = Join { $org } on Hverdag
invite-body = You have been invited as { $email }. Choose the name others will see and a password, and you are in.
invite-password = Password
invite-password-hint = At least 10 characters.
invite-accept = Join
invite-problem-title = This invitation cannot be used
invite-problem-unknown = This link is not a valid invitation. Check that you copied the whole link from the email.
invite-problem-expired = This invitation has expired. Ask the person who invited you to send it again.
invite-problem-used = This invitation has already been accepted. Sign in instead.
invite-problem-withdrawn = This invitation was withdrawn. Ask the person who invited you if you think that is a mistake.
invite-problem-login = Go to sign-in
mail-invite-subject = You are invited to { $org } on Hverdag
mail-invite-greeting = Hello { $name },
mail-invite-body = { $inviter } invites you to { $org } on Hverdag, where your team keeps its OKRs part of everyday work. The link works once and for { $days } days.
mail-invite-button = Join { $org }
mail-invite-ignore = If you were not expecting this, you can ignore this email.
mail-kind-invite = invitation
import-invite-instead = Invite the new people by email instead
flash-invites-sent = { $sent ->
    [one] One invitation sent.
   *[other] { $sent } invitations sent.
} { $members ->
    [0] {""}
    [one] One row was someone already in the organisation and was left as it is.
   *[other] { $members } rows were people already in the organisation and were left as they are.
}
import-error-invite-pending = Someone in this file already has an invitation waiting. Send it again from Invitations, or take them out of the file.
invite-has-account = You already sign in to Hverdag with this address. Accepting adds this organisation to your account: you keep your password, and switch between your organisations from the header.
