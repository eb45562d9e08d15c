nav-people = Personer
