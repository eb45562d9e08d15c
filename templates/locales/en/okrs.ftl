nav-okrs = OKRs

okrs-title = OKRs
okrs-new = New objective
okrs-team = Team
okrs-period = Quarter
okrs-periods = Quarters
okrs-show = Show
okrs-owner = Owner
okrs-no-owner = Nobody yet
okrs-progress = Progress
okrs-no-key-results = No key results yet: add two to four measurable results that show the objective is reached.
okrs-confirm = Confirm objective
okrs-review = Review first
okrs-empty = { $team } has no objectives for { $period } yet. An objective says where the team wants to go this quarter; its key results say how you will know you got there.
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

error-bad-period = That is not a quarter. Use the form 2027-Q1.
field-description-length = A description can be at most 2,000 characters.
field-owner-unknown = Choose an owner from the list.
field-status-invalid = Choose a status from the list.
field-target-same = The target must differ from the start.
field-unit-length = A unit can be at most 20 characters.
field-kr-kind-invalid = Choose how the key result is measured.
