weights = [0.1, 0.2, 0]
print(w_sum(weights, weights))
