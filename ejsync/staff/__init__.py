"""Staff editing: personal accounts, sessions, rights and the teacher's pages in Datasette."""
