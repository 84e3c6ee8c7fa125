"""The care of the terminal under the game: an App whose screen stack holds steady
whatever the terminal does (`app`), the signals that end it (`signals`), the reading of
what the terminal sends (`keys`; what a flood of it costs, `floods`; a paste's marker,
`pastes`) and Textual's driver made to keep going (`drivers`)."""
