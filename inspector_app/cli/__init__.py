"""The command line: a second face over the services, for scripting, CI and the bureau's clerks."""
