"""The classroom host: `dartfit host` serves the game over SSH, one process per student.

`roster` checks students' names and binds each to the first public key that used it;
`session` starts a student's game on a pseudo-terminal with a clean environment and ends
it with the connection; `server` is the SSH side (asyncssh): who may log in, what is
refused, and the host's log. Progress is kept in the class database
(`dartfit.progress.class_store`), under the same rules as a local player's file.
"""
