print("evidence")
