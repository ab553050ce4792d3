print("captioning")
