// KFL error handling

function onItemCaptured(data) {
  try {
    if (kfl.match("htt ??? a : p", data)) {
      console.log(true);
    } else {
      console.log(false);
    }
  } catch (error) {
    console.log("Caught an error!", error);
  }
}
