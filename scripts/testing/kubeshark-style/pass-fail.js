// Mark HTTP 500 responses red, everything else green

function onItemQueried(data) {
  if (data.protocol.name === "http" && data.response.status === 500)
    return test.fail(data)
  else
    return test.pass(data)
}
