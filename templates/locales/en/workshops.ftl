nav-workshops = Workshops

workshops-title = Workshops
workshops-new = New workshop
workshops-edit = Edit workshop
workshops-create = Create workshop
workshops-empty = No workshops yet. A workshop is where a team drafts its first objectives and key results together: participants join from their phones with a short code.
workshops-field-title = Title
workshops-field-locale = Language of the workshop
workshops-field-rollout = Rollout
workshops-no-rollout = Not part of a rollout
workshops-field-teams = Teams taking part
workshops-no-teams = The organisation has no teams yet.
workshops-status = Status
workshops-code = Join code
workshops-created = Created
workshops-agenda = Agenda
workshops-agenda-hint = The steps the group goes through, in order. Leave a step empty to skip it; the empty rows at the end add steps. Intro steps show their text; practice steps show a neutral case.
workshops-step = Step { $n }
workshops-step-none = (no step)
workshops-step-minutes = Minutes
workshops-step-case = Practice case
workshops-step-no-case = (no case)
workshops-step-text = Text for an intro step
workshops-settings = Settings
workshops-field-votes = Votes per participant
workshops-field-top = Objectives that get key results (the top-voted)
workshops-field-anonymous = Anonymous cards until revealed
workshops-field-hidden-tallies = Hide vote counts until the vote step is over
workshops-field-participants-group = Participants may group cards too
workshops-join-title = Join
workshops-join-code = Code:
workshops-qr-alt = QR code for { $url }
workshops-run = Run the workshop
workshops-projector = Open the projector view
workshops-minutes = { $n } min
workshops-votes-each = { $n ->
    [one] One vote per participant
   *[other] { $n } votes per participant
}
workshops-teams = Teams
workshops-no-team = none chosen
workshops-participants = { $n ->
    [0] Nobody has joined yet.
    [one] One person has joined.
   *[other] { $n } people have joined.
}
workshops-outcome = Outcome
workshops-outcome-later = When the workshop has ended, review the ranked objectives here and save the ones the team keeps.
workshops-saved-count = { $n ->
    [0] No objectives saved from this workshop yet.
    [one] One objective saved from this workshop.
   *[other] { $n } objectives saved from this workshop.
}
workshops-review = Review and save objectives
workshops-summary = Summary
workshops-delete = Delete workshop
workshops-delete-title = Delete “{ $title }”?
workshops-delete-body = The workshop has not started. Its join code stops working and it cannot be restored.

workshop-status-draft = Not started
workshop-status-live = Live
workshop-status-ended = Ended

step-intro = Introduction
step-practice = Practice case
step-brainstorm = Brainstorm objectives
step-group = Group
step-vote = Dot-vote
step-draft_key_results = Draft key results
step-commit = Commit

login-join-workshop = In a workshop? No account needed:
join-title = Join a workshop
join-intro = Type the code shown on the screen. No account needed.
join-code = Workshop code
join-go = Join
join-unknown = There is no workshop with that code. Check the code on the screen and try again.

outcome-title = Save the workshop's objectives
outcome-not-ended = The workshop is still running. End it in the room before saving objectives.
outcome-already = { $n ->
    [one] One objective is already saved from this workshop; it will not be saved twice.
   *[other] { $n } objectives are already saved from this workshop; they will not be saved twice.
}
outcome-team = Team
outcome-period = Period
outcome-period-hint = An OKR period, such as 2027-Q1.
outcome-choose = Objectives and key results to keep
outcome-votes = { $n ->
    [one] 1 vote
   *[other] { $n } votes
}
outcome-save = Save objectives
outcome-empty = No cards were written in this workshop.

summary-title = Summary: { $title }
summary-facts = { $participants } participants, { $cards } cards, { $votes } votes.
summary-csv = Download CSV
summary-json = Download JSON
summary-saved = Saved objectives
summary-ranked = Ranked objectives
summary-objective = Objective
summary-votes = Votes
summary-key-results = Key results
summary-attendance = Attendance
summary-no-attendance = No signed-in people took part.

flash-workshop-created = Workshop “{ $name }” created. Share the join code when you start.
flash-workshop-saved = Workshop “{ $name }” saved.
flash-workshop-started = The workshop has started; its agenda stays as it is.
flash-workshop-deleted = Workshop “{ $name }” deleted.
flash-workshop-not-draft = Only a workshop that has not started can be deleted.
flash-objectives-saved = { $count ->
    [0] Nothing new to save: these objectives were saved before.
    [one] One objective saved.
   *[other] { $count } objectives saved.
}

field-agenda-no-steps = The agenda needs at least one step.
field-agenda-too-many-steps = An agenda can have at most 20 steps.
field-agenda-minutes = Time-boxes are whole minutes from 1 to 240.
field-agenda-text = An intro text can be at most 2,000 characters.
field-agenda-votes = Votes per participant must be from 1 to 20.
field-agenda-top = Between 1 and 10 objectives can get key results.
field-agenda-case = Choose a practice case for each practice step from the list.
field-agenda-kind = Choose a step type from the list.
field-number-invalid = Enter a whole number.
field-locale-invalid = Choose English or Norwegian.
field-teams-unknown = Choose a team from the list.
field-workshop-not-draft = Only a workshop that has not started can be deleted.
field-workshop-started = The workshop has started; its agenda stays as it is.
field-workshop-not-ended = End the workshop before saving its objectives.
field-cards-none = Tick at least one objective to save.
field-cards-unknown = One of the ticked objectives no longer exists in the workshop.
field-period-invalid = Enter a period such as 2027-Q1 (or 2027-T1, 2027-H1).
field-key-result-invalid = Each key result needs a name and a target different from its start.
workshops-you-run = You facilitate this workshop: you open its room and the projector view.
workshops-run-by = { $name } facilitates this workshop. Only they open its room; they or a leader can change it.
workshops-run-by-leader = { $name } facilitates this workshop and opens its room. As a leader you can change it and save its outcome.
summary-open-register = Open the drafts in the team's OKRs
