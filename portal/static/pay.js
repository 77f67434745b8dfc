// Card payments: mounts Stripe's card field, makes the payment method in the browser and hands only its id to our
// server (with the form's CSRF token); completes 3-D Secure when the server says the bank wants it.
(function () {
  "use strict";
  var root = document.getElementById("card-payment");
  if (!root || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(root.dataset.publishableKey);

  if (root.dataset.clientSecret) {
    // 3-D Secure: Stripe (or localstripe's stand-in) asks the bank, then this page shows what Stripe says now.
    stripe.confirmCardPayment(root.dataset.clientSecret).then(function () {
      window.location.reload();
    });
    return;
  }

  var form = document.getElementById("card-form");
  if (!form) {
    return;
  }
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var problem = document.getElementById("card-error");
  var button = form.querySelector("button[type=submit]");

  // The one place where production and localstripe differ in the browser (see portal/payments/stripe_gateway.py):
  // localstripe's Stripe.js has no createPaymentMethod, its tokens carry a card id Stripe accepts as a payment method.
  function paymentMethodId() {
    if (root.dataset.mode === "localstripe") {
      return stripe.createToken(card).then(function (result) {
        return result.token ? result.token.card.id : null;
      });
    }
    return stripe.createPaymentMethod({ type: "card", card: card }).then(function (result) {
      return result.paymentMethod ? result.paymentMethod.id : null;
    });
  }

  function showProblem() {
    problem.textContent = root.dataset.cardError;
    problem.hidden = false;
    button.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    problem.hidden = true;
    paymentMethodId().then(function (id) {
      if (!id) {
        showProblem();
        return;
      }
      form.elements.payment_method_id.value = id;
      form.submit();
    }, showProblem);
  });
})();
