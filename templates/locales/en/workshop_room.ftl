## The live workshop room (templates/workshops/room.html and static/js/workshop.js).
## Texts with "{n}", "{total}", "{minutes}" or "{name}" get their numbers in the browser.

room-noscript = The workshop room needs JavaScript to show the board live. Turn it on and reload the page.
room-connecting = Connecting to the room…
room-reconnecting = Connection lost. Reconnecting…
room-step-of = Step { $number } of { $total }
room-announce-step = Now: { $step }

## Joining
room-join-title = Join the workshop
room-join-lead = Tell the others who you are. Your name is shown to the group.
room-name = Your name
room-name-hint = A first name or a nickname is enough.
room-join = Join
room-joining = Joining…

## Timer
room-timer-label = Time left
room-timer-stopped = No timer running
room-timer-paused = Timer paused
room-timer-up = Time is up

## Steps
room-kind-intro = Introduction
room-kind-practice = Practice case
room-kind-brainstorm = Brainstorm
room-kind-group = Group
room-kind-vote = Vote
room-kind-draft-key-results = Draft key results
room-kind-commit = Commit
room-title-intro = Welcome
room-title-practice = Practise on a case
room-title-brainstorm = Write objective ideas
room-title-group = Group the ideas
room-title-vote = Vote for the ideas that matter most
room-title-draft-key-results = Draft key results
room-title-commit = Our objectives
room-text-intro = The facilitator will get us started in a moment.
room-text-practice = Read the situation. Write one objective and two or three key results for it, then compare with the model answer.
room-text-practice-none = Practise together on the case the facilitator shows.
room-text-brainstorm = What should be different for your team in three months? Write one idea per card.
room-text-group = The facilitator puts similar ideas together in groups.
room-text-group-participants = Put similar ideas together: create a group, then move cards into it.
room-text-vote = Give your votes to the ideas that matter most. One idea may get more than one of your votes.
room-text-draft-key-results = For each top objective: how will we know we got there? Propose a key result with a number to move from and to.
room-text-commit = These are the objectives and key results we agreed on.
room-model-answer = Show the model answer

## Votes
room-votes-left = You have { $count } votes left
room-votes-left-one = You have 1 vote left
room-votes-none = You have used all your votes
room-votes-count = { $count } votes
room-votes-count-one = 1 vote
room-my-votes = Your votes: { $count }
room-vote = Vote
room-unvote = Remove vote

## Cards
room-add-title = Add an idea
room-card-text = Your idea
room-add-card = Add card
room-cards = Ideas
room-all-cards = All ideas
room-cards-empty = No ideas yet. They appear here as people add them.
room-you = You
room-edit = Edit
room-delete = Delete
room-delete-confirm = Delete this card?
room-save = Save
room-cancel = Cancel
room-edit-card = Edit the card
room-ungrouped = Not in a group
room-move = Group
room-no-group = No group
room-group-name = Name of a new group
room-create-group = Create group

## Key results
room-objectives = Top objectives
room-objectives-empty = No objectives yet: the ideas with the most votes become objectives.
room-krs-empty = No key results yet.
room-kr-legend = Propose a key result
room-kr-edit-legend = Change the key result
room-kr-metric = What we measure
room-kr-unit = Unit (optional)
room-kr-start = From
room-kr-target = To
room-kr-add = Add key result
room-kr-save = Save key result
room-kr-number = Write a number, like 40 or 12.5.
room-kr-same = Must differ from “From”.
room-kr-delete-confirm = Delete this key result?

## Facilitator
room-controls = Run the workshop
room-prev = Previous step
room-next = Next step
room-agenda = Agenda
room-step-minutes = { $minutes } min
room-timer = Timer
room-timer-start = Start timer ({ $minutes } min)
room-timer-resume = Resume timer
room-timer-extend = +1 min
room-timer-pause = Pause timer
room-board-settings = Board
room-lock = Lock the board
room-unlock = Unlock the board
room-reveal = Show who wrote what
room-groups = Groups
room-end = End workshop
room-end-confirm = End the workshop for everyone? Nobody can change the board afterwards.
room-open-projector = Open the projector view

## Presence
room-presence = People
room-online = online
room-away = away
room-facilitator = facilitator
room-voted = voted { $used } of { $total }
room-people-here = { $count } people here
room-people-here-one = 1 person here
room-nobody = Nobody has joined yet.

## Joining from the projector or the facilitator's screen
room-join-info = How to join
room-join-at = Open this address on your phone
room-code = Code
room-qr-alt = QR code that opens the workshop

## Status
room-locked = The facilitator has locked the board for now.
room-ended = The workshop has ended. Thank you for taking part!
room-outcome = Review and save objectives
room-summary = Summary and export

## Refusals from the room (error codes of the live protocol)
room-error-frame-too-large = That was too long to send.
room-error-bad-message = The room did not understand that. Reload the page if it happens again.
room-error-unsupported-version = This page is out of date. Reload it.
room-error-not-facilitator = Only the facilitator can do that.
room-error-wrong-step = That is not possible in this step.
room-error-not-your-card = You can only change your own cards.
room-error-unknown-card = That card is gone.
room-error-unknown-group = That group is gone.
room-error-unknown-key-result = That key result is gone.
room-error-not-top-objective = Key results are drafted for the top objectives only.
room-error-invalid-key-result = A key result needs a number to move from and a different number to reach.
room-error-too-many-key-results = This objective has as many key results as allowed.
room-error-empty-text = Write something first.
room-error-text-too-long = That text is too long.
room-error-no-votes-left = You have used all your votes. Remove one to vote again.
room-error-not-voted = You have not voted for that card.
room-error-too-many-cards = You have added as many cards as allowed.
room-error-locked = The board is locked for now.
room-error-ended = The workshop has ended.
room-error-unknown-step = There is no such step.
room-error-rate-limited = That was a lot at once. Wait a moment and try again.
room-error-invalid-name = Write a name of 1 to 60 characters.
room-error-read-only = The projector view cannot change the board.
