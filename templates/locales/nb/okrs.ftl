nav-okrs = OKR

okrs-title = OKR
okrs-new = Nytt mål
okrs-team = Team
okrs-period = Periode
okrs-periods = Perioder
okrs-show = Vis
okrs-owner = Eier
okrs-no-owner = Ingen ennå
okrs-progress = Fremdrift
okrs-no-key-results = Ingen nøkkelresultater ennå: legg til to til fire målbare resultater som viser at målet er nådd.
okrs-confirm = Bekreft målet
okrs-review = Se gjennom først
okrs-empty = { $team } har ingen mål for { $period } ennå. Et mål sier hvor teamet vil denne perioden; nøkkelresultatene sier hvordan dere vet at dere kom dit.
okrs-no-teams = Organisasjonen har ingen team ennå.
okrs-archived = Arkivert
okrs-description = Beskrivelse (valgfri)
okrs-key-results = Nøkkelresultater
okrs-key-result = Nøkkelresultat
okrs-key-result-hint = Noe dere kan måle, for eksempel «Ukentlig aktive brukere».
okrs-start = Start
okrs-current = Nå
okrs-target = Mål
okrs-target-hint = Et lavere mål enn startverdien går fint: færre hendelser er også fremgang.
okrs-actions = Handlinger
okrs-edit = Endre
okrs-archive = Arkiver
okrs-restore = Gjenopprett
okrs-add-key-result = Legg til nøkkelresultat
okrs-edit-key-result = Endre nøkkelresultat
okrs-edit-objective = Endre mål
okrs-mark-done = Merk som nådd
okrs-drop = Legg bort
okrs-reopen = Gjenåpne
okrs-move-next = Flytt til { $period }
okrs-archive-objective = Arkiver målet
okrs-archive-title = Arkivere «{ $title }»?
okrs-archive-body = Målet forsvinner fra oversikten sammen med nøkkelresultatene. Historikken beholdes, og målet kan gjenopprettes.
okrs-objective = Mål
okrs-objective-hint = Hvor teamet vil, med ord som inspirerer, for eksempel «Kundene elsker leveringstidene våre».
okrs-status = Status
okrs-kind = Måles som
okrs-unit = Enhet (valgfri)
okrs-unit-hint = For eksempel brukere, kr, dager. Trengs ikke for prosent eller ja/nei.

objective-status-draft = Utkast
objective-status-active = Aktivt
objective-status-done = Nådd
objective-status-dropped = Lagt bort

kr-kind-number = Et tall
kr-kind-percent = En prosent
kr-kind-currency = Et beløp
kr-kind-yes_no = Gjort eller ikke (ja/nei)
kr-yes = Ja
kr-no = Ikke ennå

flash-objective-saved = Målet «{ $name }» er lagret.
flash-objective-status = «{ $name }» er nå { $status ->
    [draft] et utkast
    [active] aktivt
    [done] nådd
   *[dropped] lagt bort
}.
flash-objective-moved = «{ $name }» er flyttet til { $period }.
flash-objective-archived = «{ $name }» er arkivert.
flash-objective-restored = «{ $name }» er gjenopprettet.
flash-key-result-saved = Nøkkelresultatet «{ $name }» er lagret.
flash-key-result-archived = Nøkkelresultatet «{ $name }» er arkivert.
flash-key-result-restored = Nøkkelresultatet «{ $name }» er gjenopprettet.

error-bad-period = Det er ikke en periode. Bruk formen 2027-Q1 (kvartal), 2027-T1 (tertial) eller 2027-H1 (halvår).
field-description-length = En beskrivelse kan være på høyst 2 000 tegn.
field-owner-unknown = Velg en eier fra listen.
field-status-invalid = Velg en status fra listen.
field-target-same = Målverdien må være ulik startverdien.
field-unit-length = En enhet kan være på høyst 20 tegn.
field-kr-kind-invalid = Velg hvordan nøkkelresultatet måles.

nav-check-ins = Innsjekk
check-ins-title = Mine innsjekker denne uken
check-ins-lead = { $total ->
    [one] Du eier ett nøkkelresultat
   *[other] Du eier { $total } nøkkelresultater
}; { $done } er sjekket inn denne uken. Skriv inn de nye verdiene, velg hvor trygg du er, og lagre alt på én gang.
check-ins-done = Sjekket inn denne uken
check-ins-last = Sist sjekket inn { $date }
check-ins-new-value = Ny verdi
check-ins-yes-no-hint = 1 = gjort, 0 = ikke ennå
check-ins-confidence = Hvor trygg er du?
check-ins-note = Notat (valgfritt)
check-ins-save = Lagre alle innsjekkene
check-ins-save-one = Lagre innsjekken
check-ins-skip-hint = Rader uten ny verdi blir stående som de er.
check-ins-empty = Du eier ingen nøkkelresultater ennå. Eieren settes på nøkkelresultatet; spør teamet ditt, eller åpne oversikten og ta ett.
check-ins-chart = Verdien ved hver av { $count } innsjekker, mot målet
check-ins-chart-legend = Blått: verdien, fra start. Stiplet grønt: målet.
check-ins-check-in = Sjekk inn
check-ins-history = Historikk
check-ins-no-history = Ingen innsjekker ennå.
check-ins-when = Når
check-ins-value = Verdi
check-ins-by = Av

confidence-on_track = I rute
confidence-at_risk = I fare
confidence-off_track = Ute av kurs

flash-check-ins-saved = { $count ->
    [one] Én innsjekk er lagret.
   *[other] { $count } innsjekker er lagret.
}
flash-check-ins-none = Ingenting ble lagret: skriv inn en ny verdi for minst ett nøkkelresultat.
flash-check-in-saved = Innsjekken for «{ $name }» er lagret.
field-confidence-invalid = Velg i rute, i fare eller ute av kurs.
field-note-length = Et notat kan være på høyst 500 tegn.
field-key-result-archived = Dette nøkkelresultatet er arkivert og tar ikke imot innsjekker.
field-key-result-unknown = Et av disse nøkkelresultatene finnes ikke lenger.
okrs-organisation = Organisasjonens mål
okrs-organisation-lead = Hvor hele organisasjonen vil denne perioden. Teamene knytter sine egne mål til disse; fremdriften er snittet av teammålene som er knyttet til dem.
okrs-team-register = Teamenes OKR
okrs-organisation-none-aligned = Ingen teammål er knyttet til dette ennå.
okrs-organisation-empty = Ingen organisasjonsmål for { $period } ennå.
okrs-organisation-new = Nytt organisasjonsmål
okrs-aligned-to = Knyttet til (organisasjonsmål)
okrs-not-aligned = Ikke knyttet
field-aligned-unknown = Velg et organisasjonsmål fra listen.
field-aligned-period = Organisasjonsmålet må gjelde samme periode.
check-ins-nothing-saved = Ingenting ble lagret.
check-ins-rows-refused = { $count ->
    [one] Ett nøkkelresultat må ses på, merket nedenfor.
   *[other] { $count } nøkkelresultater må ses på, merket nedenfor.
} Alt du skrev står her fortsatt; lagre igjen når det stemmer.
check-ins-implausible = Dette er langt unna området { $start } → { $target }. En skrivefeil?
check-ins-implausible-sure = Ja, { $value } stemmer
field-decimal-invalid = Skriv et tall, som 27 eller 3,5.
field-check-in-note-needs-value = Et notat lagres sammen med en verdi: skriv den nye verdien, eller den nåværende hvis ingenting er endret.
check-ins-no-change = Ingen endring denne uken
check-ins-no-change-hint = Registrerer hvert nøkkelresultat som ikke er sjekket inn ennå, med nåværende verdi og siste trygghet.
flash-check-ins-no-change = { $count ->
    [one] Ett nøkkelresultat sjekket inn: ingen endring denne uken.
   *[other] { $count } nøkkelresultater sjekket inn: ingen endring denne uken.
}
flash-check-ins-none-left = Alle nøkkelresultatene er allerede sjekket inn denne uken.
check-ins-via-link = Du sjekker inn som { $name } via lenken i påminnelsen, uten å logge inn. Den gjelder bare denne ukens innsjekk.
check-ins-link-title = Din personlige lenke
check-ins-link-body = Lenken i påminnelsen åpner denne siden for alle som har den, frem til søndag. Hvis e-posten kom til noen andre, slår du av lenkene dine: innlogging virker fortsatt.
check-ins-link-revoke = Slå av innsjekkslenkene mine
check-in-link-unknown = Denne innsjekkslenken virker ikke. Sjekk at hele adressen ble kopiert, eller logg inn for å sjekke inn.
check-in-link-expired = Denne innsjekkslenken gjaldt en tidligere uke. Neste påminnelse har en ny; til da logger du inn for å sjekke inn.
check-in-link-revoked = Denne innsjekkslenken er slått av. Logg inn for å sjekke inn.
check-in-link-revoked-now = Innsjekkslenkene dine er slått av. Logg inn for å sjekke inn; neste ukes påminnelse har en ny lenke.
check-in-link-busy = For mange lagringer via denne lenken på kort tid. Vent noen minutter og prøv igjen.
check-in-link-sign-in = Logg inn for å sjekke inn
