"""Modal dialogs that sit over a screen: win, confirm, help, congratulations, too small."""
