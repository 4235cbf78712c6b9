// Print the environment

console.log(JSON.stringify(env));
console.log("webhook is " + WEBHOOK_URL + ", batch " + (BATCH + 1));
