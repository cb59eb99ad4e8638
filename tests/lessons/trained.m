% bpstep parameters: 3 layers (1 conv), input 4 x 4 x 1, 55 parameters
% W^m and b^m as MATLAB literals (17 significant digits); 'load FILE' reads them back
W1 = [0 0 0 0 1 0 0 0 0; 0 0 0 0 1 0 0 -1 0];
b1 = [0; 0];
W2 = [0.5 0 -0.5 0 0.5 0 -0.5 0; 0 1 0 1 0 -0.5 0 0.5; -1 0 0 0 0.5 0 0 0];
b2 = [0; 1; 0];
W3 = [1 -1 0.5; 0.5 1 -1];
b3 = [0.5; -0.5];
% the input Z1, its label y and the settings: 'load' restores them with the parameters
% settings: rule 6, activation relu, pool max, loss mse
Z1 = [3 4 2 3 2 5 1 4 3 4 2 3 6 9 6 2];
y = [1; 2];
