## Layout
skip-to-content = Skip to content
nav-menu = Menu
nav-main = Main
nav-overview = Overview
nav-people = People
nav-teams = Teams
nav-settings = API tokens
nav-logout = Log out
footer-tagline = Hverdag — OKRs as part of everyday work.

## Forms
form-save = Save
form-cancel = Cancel
form-has-errors = Please correct the fields marked below.
field-name = Name
field-email = Email
field-password = Password
field-password-hint = At least 10 characters. Without a password, the person signs in with an emailed link.
field-locale = Language
field-role = Role
field-roles = Roles
field-team = Team
field-kind = Type
field-parent = Part of
field-name-length = Enter a name of at most 120 characters.
field-email-invalid = Enter an email address like name@example.com.
field-email-taken = This email address is already in use.
field-password-length = The password must have between 10 and 200 characters.
field-slug-invalid = Use 2–40 lower-case letters, digits or dashes.
field-slug-taken = This short name is already taken.
field-time-zone-invalid = Unknown time zone; use a name like Europe/Oslo.
field-team-name-taken = A team or department with this name already exists.
field-parent-unknown = Choose a department from the list.
field-parent-not-department = Teams can only be placed inside a department.
field-parent-cycle = A department cannot be placed inside itself or one of its own departments.
field-kind-invalid = Choose team or department.
field-kind-has-members = This team has members; end their memberships before making it a department.
field-kind-has-children = This department contains teams; move them before making it a team.
field-members-need-team = Members belong to teams, not to departments.
field-person-unknown = Choose a person from the list.
field-already-member = This person is already a member of the team.
field-already-ambassador = This person is already an ambassador for the team.
field-left-before-joined = The leaving date cannot be before the joining date.
field-keep-own-leader = You cannot remove the leader role from yourself.
field-mail-expired = This message contained a link that has expired; ask the person to request a new one.

## Roles and kinds
role-leader = Leader
role-facilitator = Facilitator
role-ambassador = Ambassador
role-member = Member
role-leader-hint = plans the rollout and manages people and teams
role-facilitator-hint = runs OKR workshops
role-ambassador-hint = supports teams in making OKRs a habit
role-member-hint = takes part and checks in
kind-team = Team
kind-department = Department
kind-team-hint = people who work together and share OKRs
kind-department-hint = groups teams and other departments

## Sign in
login-title = Sign in
login-lead = Welcome to Hverdag.
login-submit = Sign in
login-link-title = No password?
login-link-lead = We can email you a link that signs you in.
login-link-submit = Email me a sign-in link
link-sent-title = Check your email
link-sent-body = If { $email } belongs to an account, a sign-in link is on its way. It works once, for 15 minutes.
link-back-to-login = Back to sign in
link-confirm-title = Sign in to Hverdag
link-confirm-body = Press the button to finish signing in.
link-confirm-submit = Sign in
link-problem-title = This link does not work
mail-login-subject = Your sign-in link for Hverdag
mail-login-greeting = Hello { $name },
mail-login-body = Use this link to sign in to Hverdag. It works once and expires in { $minutes } minutes.
mail-login-button = Sign in to Hverdag
mail-login-ignore = If you did not ask for this, you can ignore this email.

## Errors
error-title = Error { $status }
error-go-home = Go to the start page
error-reference = If you report this, quote the reference { $id }.
error-not-found = We could not find that page. It may have been moved, or you may not have access to it.
error-forbidden = You do not have permission to do that. Ask a leader in your organisation if you need it.
error-unauthorized = Please sign in first.
error-csrf = The form had expired. Go back, reload the page and try again.
error-too-many = Too many attempts. Please wait a while and try again.
error-bad-request = The request could not be understood.
error-bad-form = The form could not be read. Reload the page and try again.
error-bad-json = The request body is not valid JSON for this endpoint.
error-bad-date = Enter the date as YYYY-MM-DD.
error-choose-person = Choose a person from the list.
error-invalid = Some of the input is not valid.
error-internal = Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.
error-method = That action is not available here.
error-too-large = The upload is too large.
error-login-failed = The email or password is wrong.
error-login-throttled = Too many failed attempts. Wait 15 minutes, or sign in with an emailed link.
error-link-unknown = This sign-in link is not valid. Ask for a new one below.
error-link-expired = This sign-in link has expired (links work for 15 minutes). Ask for a new one below.
error-link-used = This sign-in link has already been used. Ask for a new one below.
error-deactivate-self = You cannot deactivate yourself or remove your own leader role.

## Flash messages
flash-logged-out = You are signed out.
flash-person-created = { $name } was added.
flash-person-saved = Changes to { $name } were saved.
flash-person-activated = The person can sign in again.
flash-person-deactivated = The person was deactivated and signed out.
flash-team-saved = { $name } was saved.
flash-member-added = Member added.
flash-member-left = Membership ended.
flash-ambassador-added = Ambassador assigned.
flash-ambassador-removed = Ambassador removed.
flash-token-revoked = The token was revoked.
flash-imported = Import finished: { $created } added, { $updated } updated, { $teams } new teams.

## Overview
overview-lead = Your organisation at a glance.
overview-numbers = Key numbers
overview-people = { $count ->
    [one] person
   *[other] people
}
overview-departments = { $count ->
    [one] department
   *[other] departments
}
overview-teams = { $count ->
    [one] team
   *[other] teams
}
overview-roles = People by role
overview-count = Number
overview-structure = Departments and teams

## People
people-title = People
people-new = Add person
people-edit = Edit person
people-import = Import from CSV
people-search = Search by name or email
people-any-role = Any role
people-include-inactive = Include deactivated
people-filter = Filter
people-count = { $count ->
    [one] 1 person
   *[other] { $count } people
}
people-inactive = deactivated
people-empty = Nobody is here yet. Add people one by one, or import a list.
people-no-match = Nobody matches this search.
people-since = Added
people-no-teams = Not a member of any team.
people-deactivate = Deactivate
people-activate = Activate
people-deactivate-title = Deactivate { $name }?
people-deactivate-body = They will be signed out and cannot sign in until a leader activates them again. Their history is kept.
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-status = Page { $page } of { $pages }

## Import
import-title = Import people
import-lead = Upload a CSV file (or paste it) with the columns name, email, team and roles. You will see a preview before anything is saved.
import-hint = Roles are separated by semicolons or spaces: leader, facilitator, ambassador, member. Teams that do not exist yet are created. Norwegian headers (navn, e-post, team, roller) and semicolon-separated files work too.
import-file = CSV file
import-paste = …or paste the contents
import-preview = Preview
import-preview-title = Import preview
import-ready = { $count ->
    [one] 1 row is ready to import.
   *[other] { $count } rows are ready to import.
}
import-not-ready = { $count ->
    [one] 1 row needs attention. Nothing is imported until every row is fine: correct the file and try again.
   *[other] { $count } rows need attention. Nothing is imported until every row is fine: correct the file and try again.
}
import-new-teams = New teams to be created:
import-line = Line
import-result = Result
import-action-create = new person
import-action-update = updates an existing person
import-confirm = { $count ->
    [one] Import 1 person
   *[other] Import { $count } people
}
import-again = Choose another file
import-error-too-large = The file is larger than 2 MB.
import-error-too-many = The file has more than 5,000 rows; split it into smaller files.
import-error-header = The first line must name the columns, with at least name and email.
import-error-empty = The file has no rows to import.
import-error-unreadable = This line could not be read as CSV.
import-error-role = Unknown role; use leader, facilitator, ambassador or member.
import-error-email = The email address is not valid.
import-error-name = The name is missing or longer than 120 characters.
import-error-duplicate = This email address appears earlier in the file.
import-error-team-is-department = This is a department; people can only join teams.
import-error-team-name = The team name is longer than 120 characters.
import-error-not-clean = Some rows have problems, so nothing was imported.
import-error-encoding = The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.

## Teams
teams-title = Teams
teams-new = New team or department
teams-edit = Edit
teams-empty = There are no teams yet. Start with a department or a team.
teams-members = Members
teams-members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
teams-part-of = Part of
teams-children = Teams and departments in it
teams-no-children = Nothing here yet.
teams-no-members = No members yet.
teams-joined = Joined
teams-left-on = Leaving date
teams-actions = Actions
teams-end-membership = End membership
teams-end-membership-named = End the membership of { $name }
teams-end-membership-confirm = Yes, end the membership of { $name }
teams-add-member = Add a member
teams-choose-person = Choose a person
teams-add = Add
teams-former = { $count ->
    [one] 1 former member
   *[other] { $count } former members
}
teams-ambassadors = OKR ambassadors
teams-ambassadors-hint = Ambassadors support the team in making OKRs part of the weekly routine.
teams-no-ambassadors = No ambassador yet.
teams-add-ambassador = Assign an ambassador
teams-remove = Remove
teams-remove-ambassador-named = Remove { $name } as ambassador
teams-remove-ambassador-confirm = Yes, remove { $name } as ambassador
teams-top-level = Top level (no department)

## API tokens
tokens-title = API tokens
tokens-lead = Tokens let other systems use the Hverdag API on behalf of the leader who created them. Send one as "Authorization: Bearer <token>".
tokens-created = Token created
tokens-copy-now = Copy it now: it is shown only once.
tokens-new = New token
tokens-name = Name
tokens-create = Create token
tokens-existing = Tokens
tokens-owner = Created by
tokens-created-at = Created
tokens-last-used = Last used
tokens-status = Status
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-revoke-named = Revoke the token { $name }
tokens-revoke-body = Systems using this token lose access at once. This cannot be undone.
tokens-revoke-confirm = Yes, revoke { $name }
tokens-empty = No tokens yet.
tokens-lifetime = Expires after
tokens-lifetime-days = { $days } days
tokens-lifetime-never = Never
tokens-expires = Expires
tokens-never = never
tokens-expired = expired
tokens-rules = A token acts with its creator's roles as they are when it is used: it stops working when its creator is no longer a leader, and is revoked for good when they are deactivated.
field-token-lifetime = Choose 30, 90, 180 or 365 days, or never.

## Outbox
settings-title = Settings
outbox-title = Outbox
outbox-lead = Every email Hverdag sends goes through this queue. Failed deliveries are retried automatically with growing pauses; after 8 attempts they stop and can be retried here, except messages with a personal link, which expire: the person then asks for a new one.
outbox-status = Status
outbox-any-status = Any status
outbox-status-queued = queued
outbox-status-sending = sending
outbox-status-sent = sent
outbox-status-failed = failed
outbox-to = To
outbox-subject = Subject
outbox-attempts = Attempts
outbox-when = Time
outbox-retry = Try again
outbox-empty = No mail has been sent yet.
mail-kind-login_link = sign-in link
mail-kind-survey_invitation = survey invitation
mail-kind-survey_reminder = survey reminder
flash-mail-retried = The message is queued again.
field-agenda-invalid = The agenda needs at least one step and between 1 and 20 votes per person.
outbox-recipient-hidden = hidden (survey reminder: it would show who has not answered)
