from keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
images, labels = (x_train[0:1000].reshape(1000, 28 * 28) / 255, y_train[0:1000])
print(images.shape, labels[:5], x_test.shape)
