DROP TABLE check_in_links;
