% settings: rule 5,, activation
Z1 = [1 2];
