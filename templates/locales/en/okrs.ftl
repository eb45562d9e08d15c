nav-okrs = OKRs

okrs-title = OKRs
okrs-new = New objective
okrs-team = Team
okrs-period = Period
okrs-periods = Periods
okrs-show = Show
okrs-owner = Owner
okrs-no-owner = Nobody yet
okrs-progress = Progress
okrs-no-key-results = No key results yet: add two to four measurable results that show the objective is reached.
okrs-confirm = Confirm objective
okrs-review = Review first
okrs-empty = { $team } has no objectives for { $period } yet. An objective says where the team wants to go this period; its key results say how you will know you got there.
okrs-no-teams = The organisation has no teams yet.
okrs-archived = Archived
okrs-description = Description (optional)
okrs-key-results = Key results
okrs-key-result = Key result
okrs-key-result-hint = Something you can measure, e.g. “Weekly active users”.
okrs-start = Start
okrs-current = Now
okrs-target = Target
okrs-target-hint = A lower target than the start is fine: fewer incidents counts as progress too.
okrs-actions = Actions
okrs-edit = Edit
okrs-archive = Archive
okrs-restore = Restore
okrs-add-key-result = Add key result
okrs-edit-key-result = Edit key result
okrs-edit-objective = Edit objective
okrs-mark-done = Mark as done
okrs-drop = Drop
okrs-reopen = Reopen
okrs-move-next = Move to { $period }
okrs-archive-objective = Archive objective
okrs-archive-title = Archive “{ $title }”?
okrs-archive-body = It leaves the register, with its key results. Its history is kept and it can be restored.
okrs-objective = Objective
okrs-objective-hint = Where the team wants to go, in words that inspire, e.g. “Customers love our delivery times”.
okrs-status = Status
okrs-kind = Measured as
okrs-unit = Unit (optional)
okrs-unit-hint = E.g. users, NOK, days. Not needed for percentages or yes/no.

objective-status-draft = Draft
objective-status-active = Active
objective-status-done = Done
objective-status-dropped = Dropped

kr-kind-number = A number
kr-kind-percent = A percentage
kr-kind-currency = An amount of money
kr-kind-yes_no = Done or not (yes/no)
kr-yes = Yes
kr-no = Not yet

flash-objective-saved = Objective “{ $name }” saved.
flash-objective-status = “{ $name }” is now { $status ->
    [draft] a draft
    [active] active
    [done] done
   *[dropped] dropped
}.
flash-objective-moved = “{ $name }” moved to { $period }.
flash-objective-archived = “{ $name }” archived.
flash-objective-restored = “{ $name }” restored.
flash-key-result-saved = Key result “{ $name }” saved.
flash-key-result-archived = Key result “{ $name }” archived.
flash-key-result-restored = Key result “{ $name }” restored.

error-bad-period = That is not a period. Use the form 2027-Q1 (quarter), 2027-T1 (tertial) or 2027-H1 (half-year).
field-description-length = A description can be at most 2,000 characters.
field-owner-unknown = Choose an owner from the list.
field-status-invalid = Choose a status from the list.
field-target-same = The target must differ from the start.
field-unit-length = A unit can be at most 20 characters.
field-kr-kind-invalid = Choose how the key result is measured.

nav-check-ins = Check-ins
check-ins-title = My check-ins this week
check-ins-lead = { $total ->
    [one] You own one key result
   *[other] You own { $total } key results
}; { $done } checked in this week. Type the new values, pick how confident you are, and save them all at once.
check-ins-done = Checked in this week
check-ins-last = Last check-in { $date }
check-ins-new-value = New value
check-ins-yes-no-hint = 1 = done, 0 = not yet
check-ins-confidence = Confidence
check-ins-note = Note (optional)
check-ins-save = Save all check-ins
check-ins-save-one = Save check-in
check-ins-skip-hint = Rows without a new value are left as they are.
check-ins-empty = You own no key results yet. The owner of a key result is set on the key result; ask your team, or open the register and take one.
check-ins-chart = Value at each of { $count } check-ins, against the target
check-ins-chart-legend = Blue: the value, from the start. Dashed green: the target.
check-ins-check-in = Check in
check-ins-history = History
check-ins-no-history = No check-ins yet.
check-ins-when = When
check-ins-value = Value
check-ins-by = By

confidence-on_track = On track
confidence-at_risk = At risk
confidence-off_track = Off track

flash-check-ins-saved = { $count ->
    [one] One check-in saved.
   *[other] { $count } check-ins saved.
}
flash-check-ins-none = Nothing saved: type a new value for at least one key result.
flash-check-in-saved = Check-in for “{ $name }” saved.
field-confidence-invalid = Choose on track, at risk or off track.
field-note-length = A note can be at most 500 characters.
field-key-result-archived = This key result is archived and takes no check-ins.
field-key-result-unknown = One of these key results no longer exists.
okrs-organisation = Organisation objectives
okrs-organisation-lead = Where the whole organisation wants to go this period. Teams align their own objectives to these; progress is the average of the aligned team objectives.
okrs-team-register = Team OKRs
okrs-organisation-none-aligned = No team objective is aligned to this yet.
okrs-organisation-empty = No organisation objectives for { $period } yet.
okrs-organisation-new = New organisation objective
okrs-aligned-to = Aligned to (organisation objective)
okrs-not-aligned = Not aligned
field-aligned-unknown = Choose an organisation objective from the list.
field-aligned-period = The organisation objective must be for the same period.
check-ins-nothing-saved = Nothing was saved.
check-ins-rows-refused = { $count ->
    [one] One key result needs a look, marked below.
   *[other] { $count } key results need a look, marked below.
} Everything you typed is still here; save again when it is right.
check-ins-implausible = This is far from the range { $start } → { $target }. A typo?
check-ins-implausible-sure = Yes, { $value } is right
field-decimal-invalid = Write a number, like 27 or 3,5.
field-check-in-note-needs-value = A note is saved with a value: write the new value, or the current one if nothing changed.
check-ins-no-change = No change this week
check-ins-no-change-hint = Records each key result not checked in yet at its current value and last confidence.
flash-check-ins-no-change = { $count ->
    [one] One key result checked in: no change this week.
   *[other] { $count } key results checked in: no change this week.
}
flash-check-ins-none-left = Every key result is checked in this week already.
check-ins-via-link = You are checking in as { $name } through the link in your reminder, without signing in. It works for this week's check-ins only.
check-ins-link-title = Your personal link
check-ins-link-body = The link in your reminder opens this page for anyone who has it, until Sunday. If the mail went to someone else, switch your links off: signing in still works.
check-ins-link-revoke = Switch my check-in links off
check-in-link-unknown = This check-in link does not work. Check that the whole address was copied, or sign in to check in.
check-in-link-expired = This check-in link was for an earlier week. The next reminder brings a new one; until then, sign in to check in.
check-in-link-revoked = This check-in link was switched off. Sign in to check in.
check-in-link-revoked-now = Your check-in links are switched off. Sign in to check in; next week's reminder brings a new link.
check-in-link-busy = Too many saves through this link in a short time. Wait a few minutes and try again.
check-in-link-sign-in = Sign in to check in
