"""Product grades, premium designation and traffic-support decisions (S1 7.1, 7.2)."""
