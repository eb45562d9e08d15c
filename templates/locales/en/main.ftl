nav-people = People
