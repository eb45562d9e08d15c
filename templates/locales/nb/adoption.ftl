nav-adoption = Forankring
adoption-export = Ukentlige tall (CSV)
adoption-title = Forankring av OKR
adoption-lead = Setter OKR-rutinen seg? Hvert teams ukentlige OKR-møter, oppmøte og innsjekker det siste året, og hvor et team trenger støtte.
adoption-empty = Ingen team ennå. Når teamene holder ukentlige OKR-møter og sjekker inn, vises rutinen deres her.
adoption-stages-now = Team per fase nå
adoption-stage-not_started = Ikke startet
adoption-stage-forming = Etablerer seg
adoption-stage-practising = Øver
adoption-stage-routine = Rutine
adoption-stage-slipping = Sklir ut
adoption-stage-stopped = Stoppet
adoption-stage-too_early = For tidlig å si
adoption-open-alerts = Trenger oppmerksomhet
adoption-no-alerts = Ingen åpne varsler: ingen team har gått glipp av møter eller latt innsjekkene skli i det siste.
adoption-stages-over-time = Faser gjennom året
adoption-stages-desc = Antall team i hver fase, uke for uke, de siste { $weeks } ukene. Tabellen under har tallene.
adoption-trends = Rutinen gjennom året
adoption-trends-desc = Andel ukentlige OKR-møter holdt, oppmøte og innsjekkdekning, i prosent, uke for uke. Tabellen under har tallene.
adoption-series-held = Møter holdt
adoption-series-attendance = Oppmøte
adoption-series-coverage = Innsjekkdekning
adoption-data-table = Vis tallene
adoption-week = Uke
adoption-teams = Team
adoption-team = Team
adoption-stage = Fase
adoption-since = Siden
adoption-streak = På rad
adoption-streak-weeks = { $weeks ->
    [one] { $weeks } uke
   *[other] { $weeks } uker
}
adoption-held = Holdt (siste 12 uker)
adoption-held-of = { $held } av { $due }
adoption-attendance = Oppmøte
adoption-coverage = Innsjekkdekning
adoption-no-department = Team utenfor en avdeling
adoption-department-total = { $name } samlet
adoption-team-title = { $team }: forankring
adoption-heat-map = Det siste året, uke for uke
adoption-heat-map-desc = Én rute per uke, eldste først, tretten uker per rad: ✓ ukentlig OKR-møte holdt (mørkere jo flere som var til stede), ✗ ikke holdt, – avlyst, ○ stengt (fridag eller stengt uke) eller felles pause (de fleste teamene møttes ikke): verken holdt eller glemt, tom: ikke noe møte.
adoption-week-state-none = ikke noe møte
adoption-week-state-pending = kommer
adoption-week-state-held = holdt
adoption-week-state-missed = ikke holdt
adoption-week-state-cancelled = avlyst
adoption-week-state-closed = stengt (fri)
adoption-week-state-paused = felles pause (de fleste teamene møttes ikke)
adoption-cell = Uken fra { $week }: { $state }
adoption-stage-history = Fasehistorikk
adoption-stage-since = fra uken { $week }
adoption-no-weeks = Ingenting registrert ennå: teamets uker vises her når det holder ukentlige OKR-møter eller sjekker inn.
adoption-support-log = Varsler og støttelogg
adoption-no-support-log = Ingen varsler så langt.
adoption-acknowledge = Kvitter ut
adoption-note = Hva ble gjort (valgfritt)
adoption-acknowledged = Kvittert ut av { $name } { $date }
adoption-not-acknowledged = Ikke kvittert ut
adoption-okrs = OKR for { $period }
adoption-no-okrs = Ingen mål for { $period } ennå.
flash-alert-acknowledged = Varselet er kvittert ut; notatet ligger i teamets støttelogg.
alert-kind-missed = Ukentlig OKR-møte ikke holdt { $weeks } uker på rad ({ $from } – { $to }).
alert-kind-low_coverage = Innsjekkdekning under 50 % i { $weeks } uker ({ $from } – { $to }); lavest { $value } %.
alert-kind-attendance_drop = Oppmøtet falt til { $value } % ({ $from } – { $to }), mot teamets eget snitt på { $baseline } %.
alert-kind-no_quarterly = OKR-perioden sluttet uten { $periods ->
    [tertials] tertialvis
    [halves] halvårlig
   *[quarters] kvartalsvis
} OKR-møte (uken { $to }).
field-adoption-weeks = Vinduet må være 4 til 26 uker, og tilbakeblikket for «sklir ut» 4 til 52 uker.
field-adoption-range = Andeler er 0 til 100 %, og ingen fase kan kreve flere møter enn vinduet har.
field-adoption-ladder = Hver fase må kreve minst like mye som fasen under (rutine ≥ øver ≥ etablerer seg, og etablerer seg minst ett møte).
adoption-settings-title = Forankringsfaser
adoption-settings-lead = Når regnes et team som å etablere seg, øve eller ha rutine? Hverdag ser på hvert teams siste ukentlige OKR-møter (avlyste hoppes over) og sammenligner med disse tersklene. Når du lagrer, beregnes alle teamenes faser og varsler på nytt i bakgrunnen; fremdriften vises her og på oversikten.
adoption-settings-window = Ukentlige møter det ses på
adoption-settings-routine = Rutine
adoption-settings-practising = Øver
adoption-settings-forming = Etablerer seg
adoption-settings-held = Møter holdt (av vinduet)
adoption-settings-attendance = Oppmøte minst (%)
adoption-settings-coverage = Innsjekkdekning minst (%)
adoption-settings-slipping = Et team sklir ut når det faller under den beste fasen det nådde de siste … ukene
adoption-settings-reset = Tilbake til standard
flash-adoption-settings-saved = Tersklene er lagret.
flash-adoption-recompute-started = Tersklene er lagret. Alle teamenes faser og varsler beregnes nå på nytt i bakgrunnen; fremdriften vises nedenfor.
adoption-recompute-progress = Beregner faser og varsler på nytt: { $done } av { $total } team
adoption-recompute-hint = Tallene endres etter hvert som teamene blir ferdige; siden oppdaterer seg selv til da.
adoption-recompute-failed = Den nye beregningen av faser og varsler stoppet med en feil: { $error }. Lagre innstillingene på nytt for å starte igjen.
adoption-organisation = Organisasjonen
cohorts-title = Kull
cohorts-lead = Team stilt opp etter måneder siden de startet med OKR, gruppert etter OKR-perioden de startet i: har årets team kommet lenger ved måned seks enn fjorårets?
cohorts-metric = Vis
cohorts-metric-held = Ukentlige møter holdt
cohorts-metric-attendance = Oppmøte
cohorts-metric-coverage = Innsjekkdekning
cohorts-metric-routine = Team med rutine
cohorts-median = median per måned siden start
cohorts-chart-desc = Medianen for hvert kulls team, i prosent, etter måned siden start (0 til 12). Tabellen under har medianene og spredningen.
cohorts-x-axis = Måneder siden teamet startet
cohorts-started = Startet { $period }
cohorts-teams = { $count ->
    [one] { $count } team
   *[other] { $count } team
}
cohorts-table = Median og spredning (25.–75. persentil)
cohorts-month = Måned
cohorts-start-rule = Et team starter ved OKR-workshopen sin (det første det var med på), eller uten workshop i uken for det første ukentlige OKR-møtet som ble holdt.
cohorts-empty = Ingen team har startet ennå: kullene vises når teamene har hatt workshop eller holdt et ukentlig OKR-møte.
person-routine-link = Ukentlig rutine
person-routine-title = { $name }: ukentlig rutine
person-routine-profile = Profil
person-routine-lead = For å støtte, ikke vurdere: om { $name } har vært med på teamets ukentlige OKR-møter og sjekket inn nøkkelresultatene sine. Hverdag rangerer aldri personer.
person-routine-attended = med på { $attended } av { $expected } ukentlige møter som ble holdt (forfall holdes utenfor)
person-routine-checked = { $checked } av { $weeks } uker med alle egne nøkkelresultater sjekket inn
person-routine-meetings = På det ukentlige OKR-møtet
person-routine-meetings-desc = Én rute per uke, eldste først: ✓ til stede, ✗ fraværende, E forfall, ? ikke registrert, tom: ikke noe møte i teamene.
person-routine-check-ins = Egne nøkkelresultater sjekket inn
person-routine-check-ins-desc = Én rute per uke, eldste først: ✓ alle sjekket inn, ½ noen, ✗ ingen, tom: ingen egne nøkkelresultater den uken.
person-meeting-present = til stede
person-meeting-absent = fraværende
person-meeting-excused = forfall
person-meeting-unrecorded = ikke registrert
person-meeting-none = ikke noe møte
person-check-in-all = alle sjekket inn
person-check-in-some = noen sjekket inn
person-check-in-no_check_in = ingen sjekket inn
person-check-in-none = ingen nøkkelresultater
mail-digest-subject = Forankring denne uken: { $routine } av { $teams } team har rutine, { $alerts ->
    [0] ingen åpne varsler
    [one] ett åpent varsel
   *[other] { $alerts } åpne varsler
}
mail-digest-intro = Slik gikk OKR-rutinen i uken fra { $week }, for { $teams ->
    [one] teamet ditt
   *[other] dine { $teams } team
}:
mail-digest-changes = Faseendringer
mail-digest-improved = bedre
mail-digest-no-changes = Ingen team skiftet fase forrige uke.
mail-digest-button = Åpne forankringsoversikten
mail-digest-off = Du får dette hver mandag som OKR-ambassadør. Slå det av nederst i forankringsoversikten.
adoption-digest = Ukentlig sammendrag
adoption-digest-on = Du får et sammendrag av teamene dine på e-post hver mandag.
adoption-digest-off = Det ukentlige sammendraget er slått av.
adoption-digest-turn-off = Slå av
adoption-digest-turn-on = Slå på
flash-digest-on = Det ukentlige sammendraget er slått på.
flash-digest-off = Det ukentlige sammendraget er slått av.
mail-kind-adoption_digest = forankringssammendrag
field-alert-acknowledged = Noen har alt kvittert ut dette varselet; notatet deres ligger i støtteloggen.
adoption-all-stages = alle faser
adoption-no-teams-in-stage = Ingen team er i denne fasen nå.
adoption-definitions = Hva fasene og varslene betyr
adoption-def-too_early = Færre enn fire ukentlige OKR-møter har vært planlagt: for tidlig å si noe.
adoption-def-not_started = Teamet har holdt færre ukentlige OKR-møter enn «etablerer seg» krever (2 av de siste 12 som standard).
adoption-def-forming = Teamet har begynt: det holder noen ukentlige OKR-møter, men ennå ikke så mange, med så godt oppmøte eller så mange innsjekker som «øver» krever.
adoption-def-practising = Teamet holder de fleste ukentlige OKR-møtene (6 av 12 som standard), med minst halvparten til stede og halvparten av nøkkelresultatene sjekket inn.
adoption-def-routine = OKR-rutinen sitter: 10 av de siste 12 ukentlige møtene holdt (eller 5 av de siste 6), 70 % til stede og 70 % av nøkkelresultatene sjekket inn (som standard). Et team beholder fasen så lenge det er innenfor ett møte og tilfeldighetenes margin, så ett fravær i et team på tre flytter det ikke.
adoption-def-slipping = Teamet er i ferd med å slippe en rutine det hadde: de siste ukentlige OKR-møtene ble ikke holdt, flere enn tilfeldighetene tilsier (eller, når innsjekkene stopper også, nesten så mange) ut fra hvor ofte det holdt dem før. Teamet sklir ut til det holder møtet igjen, to av fire.
adoption-def-stopped = Teamet har sklidd ut i tolv uker eller mer (omtrent et OKR-kvartal): rutinen trenger en ny start, ikke en påminnelse.
adoption-def-closed = Uker virksomheten er stengt (helligdager, fellesferie, jul; settes under Innstillinger → Kalender) og avlyste møter teller verken som holdt eller glemt: de gir ingen varsler og bryter ingen rekke.
adoption-alert-name-missed = Møter ikke holdt
adoption-alert-name-low_coverage = Innsjekkene falt bort
adoption-alert-name-attendance_drop = Oppmøtet falt
adoption-alert-name-no_quarterly = Ikke noe kvartalsvis OKR-møte
adoption-def-paused = En uke der færre enn en tredjedel av teamene som pleier å møtes, holdt det ukentlige OKR-møtet (minst fem slike team), regnes som en felles pause, for eksempel en skoleferie, selv om kalenderen ikke stenger den: den teller på samme måte.
adoption-def-alert-missed = To eller flere ukentlige OKR-møter ikke holdt på rad (stengte og avlyste uker hoppes over), hos et team som hadde begynt.
adoption-def-alert-low_coverage = Innsjekkdekning under 50 % tre uker på rad, hos et team som hadde sjekket inn (60 % eller mer før).
adoption-def-alert-attendance_drop = Oppmøtet på et møte under to tredjedeler av teamets eget snitt, og for lavt til å være tilfeldig for et team av den størrelsen.
adoption-def-alert-no_quarterly = En OKR-periode sluttet uten at teamets kvartalsvise (periodevise) OKR-møte ble holdt.
adoption-reason-too_early = Bare { $of } ukentlige OKR-møter har vært planlagt så langt: for tidlig å si.
adoption-reason-not_started = { $held } av de siste { $of } ukentlige OKR-møtene holdt; «etablerer seg» begynner ved { $bar-held }.
adoption-reason-forming = { $held } av de siste { $of } ukentlige OKR-møtene holdt, { $attendance } % til stede, { $coverage } % av nøkkelresultatene sjekket inn. «Øver» krever { $bar-held } av { $bar-of }, { $bar-attendance } % og { $bar-coverage } %.
adoption-reason-practising = { $held } av de siste { $of } ukentlige OKR-møtene holdt, { $attendance } % til stede, { $coverage } % av nøkkelresultatene sjekket inn. «Rutine» krever { $bar-held } av { $bar-of }, { $bar-attendance } % og { $bar-coverage } %.
adoption-reason-routine = { $held } av de siste { $of } ukentlige OKR-møtene holdt, { $attendance } % til stede, { $coverage } % av nøkkelresultatene sjekket inn (rutine: { $bar-held } av { $bar-of }, { $bar-attendance } % og { $bar-coverage } %).
adoption-reason-slipping = { $missed } av de siste { $of } ukentlige OKR-møtene ikke holdt, der teamet hadde holdt { $baseline-held } av de { $baseline-of } før; { $coverage } % av nøkkelresultatene sjekket inn, mot { $baseline-coverage } % før.
adoption-reason-paused = Uken { $week } ble regnet som en felles pause: de fleste teamene i virksomheten møttes ikke, så et møte som ikke ble holdt da, teller verken som holdt eller ikke holdt.
adoption-reason-stopped = Sklir ut siden uken { $since }: { $missed } av de siste { $of } ukentlige OKR-møtene ikke holdt, etter { $baseline-held } av { $baseline-of } holdt før; { $coverage } % av nøkkelresultatene sjekket inn, mot { $baseline-coverage } % før.
adoption-my-teams = Bare mine team
adoption-all-teams = Alle team
adoption-computed-at = Tallene ble beregnet { $at }.
adoption-alerts-folded = { $count ->
    [one] Ett varsel for et team som har stoppet, er slått sammen med fasen.
   *[other] { $count } varsler for team som har stoppet, er slått sammen med fasen.
}
