weight, goal_pred, input, alpha = 0.5, 0.8, 2, 0.1
for iteration in range(20):
    pred = input * weight
    error = (pred - goal_pred) ** 2
    derivative = input * (pred - goal_pred)
    weight = weight - alpha * derivative
    print('Error:' + str(error) + ' Prediction:' + str(pred))
