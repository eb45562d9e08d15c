## Workshoprommet (templates/workshops/room.html og static/js/workshop.js).
## Tekster med «{n}», «{total}», «{minutes}» eller «{name}» får tallene sine i nettleseren.

room-noscript = Workshoprommet trenger JavaScript for å vise tavla direkte. Slå det på og last inn siden på nytt.
room-connecting = Kobler til rommet …
room-reconnecting = Forbindelsen ble brutt. Kobler til igjen …
room-step-of = Steg { $number } av { $total }
room-announce-step = Nå: { $step }

## Bli med
room-join-title = Bli med i workshopen
room-join-lead = Fortell de andre hvem du er. Navnet ditt vises for gruppen.
room-name = Navnet ditt
room-name-hint = Fornavn eller kallenavn holder.
room-join = Bli med
room-joining = Blir med …

## Tidtaker
room-timer-label = Tid igjen
room-timer-stopped = Ingen tidtaker går
room-timer-paused = Tidtakeren står på pause
room-timer-up = Tiden er ute

## Stegene
room-kind-intro = Innledning
room-kind-practice = Øvingscase
room-kind-brainstorm = Idémyldring
room-kind-group = Gruppering
room-kind-vote = Avstemning
room-kind-draft-key-results = Utkast til nøkkelresultater
room-kind-commit = Beslutning
room-title-intro = Velkommen
room-title-practice = Øv på en case
room-title-brainstorm = Skriv forslag til mål
room-title-group = Grupper forslagene
room-title-vote = Stem på forslagene som betyr mest
room-title-draft-key-results = Lag utkast til nøkkelresultater
room-title-commit = Målene våre
room-text-intro = Fasilitatoren setter i gang om litt.
room-text-practice = Les situasjonen. Skriv ett mål og to eller tre nøkkelresultater for det, og sammenlign med løsningsforslaget.
room-text-practice-none = Øv sammen på casen fasilitatoren viser.
room-text-brainstorm = Hva bør være annerledes for teamet ditt om tre måneder? Skriv ett forslag per lapp.
room-text-group = Fasilitatoren samler forslag som ligner hverandre, i grupper.
room-text-group-participants = Samle forslag som ligner hverandre: lag en gruppe og flytt lappene inn i den.
room-text-vote = Gi stemmene dine til forslagene som betyr mest. Du kan gi ett forslag flere av stemmene dine.
room-text-draft-key-results = For hvert av de viktigste målene: Hvordan vet vi at vi har kommet dit? Foreslå et nøkkelresultat med et tall å gå fra og til.
room-text-commit = Dette er målene og nøkkelresultatene vi ble enige om.
room-model-answer = Vis løsningsforslaget

## Stemmer
room-votes-left = Du har { $count } stemmer igjen
room-votes-left-one = Du har 1 stemme igjen
room-votes-none = Du har brukt alle stemmene dine
room-votes-count = { $count } stemmer
room-votes-count-one = 1 stemme
room-my-votes = Dine stemmer: { $count }
room-vote = Stem
room-unvote = Trekk stemmen

## Lapper
room-add-title = Legg til et forslag
room-card-text = Forslaget ditt
room-add-card = Legg til lapp
room-cards = Forslag
room-all-cards = Alle forslag
room-cards-empty = Ingen forslag ennå. De dukker opp her etter hvert som folk legger dem til.
room-you = Du
room-edit = Endre
room-delete = Slett
room-delete-confirm = Slette denne lappen?
room-save = Lagre
room-cancel = Avbryt
room-edit-card = Endre lappen
room-ungrouped = Ikke i en gruppe
room-move = Gruppe
room-no-group = Ingen gruppe
room-group-name = Navn på en ny gruppe
room-create-group = Lag gruppe

## Nøkkelresultater
room-objectives = De viktigste målene
room-objectives-empty = Ingen mål ennå: forslagene med flest stemmer blir mål.
room-krs-empty = Ingen nøkkelresultater ennå.
room-kr-legend = Foreslå et nøkkelresultat
room-kr-edit-legend = Endre nøkkelresultatet
room-kr-metric = Hva vi måler
room-kr-unit = Enhet (valgfritt)
room-kr-start = Fra
room-kr-target = Til
room-kr-add = Legg til nøkkelresultat
room-kr-save = Lagre nøkkelresultatet
room-kr-number = Skriv et tall, som 40 eller 12,5.
room-kr-same = Må være forskjellig fra «Fra».
room-kr-delete-confirm = Slette dette nøkkelresultatet?

## Fasilitator
room-controls = Led workshopen
room-prev = Forrige steg
room-next = Neste steg
room-agenda = Agenda
room-step-minutes = { $minutes } min
room-timer = Tidtaker
room-timer-start = Start tidtakeren ({ $minutes } min)
room-timer-resume = Fortsett tidtakeren
room-timer-extend = +1 min
room-timer-pause = Sett tidtakeren på pause
room-board-settings = Tavla
room-lock = Lås tavla
room-unlock = Lås opp tavla
room-reveal = Vis hvem som skrev hva
room-groups = Grupper
room-end = Avslutt workshopen
room-end-confirm = Avslutte workshopen for alle? Etterpå kan ingen endre tavla.
room-open-projector = Åpne projektorvisningen

## Hvem er her
room-presence = Deltakere
room-online = tilkoblet
room-away = borte
room-facilitator = fasilitator
room-voted = har stemt { $used } av { $total }
room-people-here = { $count } personer er her
room-people-here-one = 1 person er her
room-nobody = Ingen har blitt med ennå.

## Bli med fra projektoren eller fasilitatorens skjerm
room-join-info = Slik blir du med
room-join-at = Åpne denne adressen på mobilen
room-code = Kode
room-qr-alt = QR-kode som åpner workshopen

## Status
room-locked = Fasilitatoren har låst tavla en stund.
room-ended = Workshopen er ferdig. Takk for at du var med!
room-outcome = Gå gjennom og lagre målene
room-summary = Oppsummering og eksport

## Avvisninger fra rommet (feilkodene i protokollen)
room-error-frame-too-large = Det var for langt til å sende.
room-error-bad-message = Rommet forsto ikke det. Last inn siden på nytt hvis det skjer igjen.
room-error-unsupported-version = Denne siden er utdatert. Last den inn på nytt.
room-error-not-facilitator = Bare fasilitatoren kan gjøre det.
room-error-wrong-step = Det går ikke i dette steget.
room-error-not-your-card = Du kan bare endre dine egne lapper.
room-error-unknown-card = Den lappen finnes ikke lenger.
room-error-unknown-group = Den gruppen finnes ikke lenger.
room-error-unknown-key-result = Det nøkkelresultatet finnes ikke lenger.
room-error-not-top-objective = Nøkkelresultater lages bare for de viktigste målene.
room-error-invalid-key-result = Et nøkkelresultat trenger et tall å gå fra og et annet tall å nå.
room-error-too-many-key-results = Dette målet har så mange nøkkelresultater som det er lov til.
room-error-empty-text = Skriv noe først.
room-error-text-too-long = Teksten er for lang.
room-error-no-votes-left = Du har brukt alle stemmene dine. Trekk en stemme for å stemme på nytt.
room-error-not-voted = Du har ikke stemt på den lappen.
room-error-too-many-cards = Du har lagt til så mange lapper som det er lov til.
room-error-locked = Tavla er låst en stund.
room-error-ended = Workshopen er ferdig.
room-error-unknown-step = Det steget finnes ikke.
room-error-rate-limited = Det ble mye på en gang. Vent litt og prøv igjen.
room-error-invalid-name = Skriv et navn på 1 til 60 tegn.
room-error-read-only = Projektorvisningen kan ikke endre tavla.
