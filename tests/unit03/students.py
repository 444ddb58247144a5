"""Student-style answers for the unit 03 checkers: a right one and one per typical bug.

Written independently of the reference code and of the checkers' diagnosis, the way a student
would, so the tests show the checkers catch real mistakes.
"""

from __future__ import annotations

import math

import numpy as np


def mlp_student(bug: str = ""):
    """``mlp_loss_and_grads`` with an optional bug.

    bug : "" | "transposed" | "no_act_grad" | "loss_x2" | "db_wrong_axis" | "db_not_divided"
          | "softmax_no_outer" | "float32"
    """

    def act(name, z):
        if name == "relu":
            return np.maximum(z, 0), (z > 0).astype(float)
        if name == "tanh":
            t = np.tanh(z)
            return t, 1 - t**2
        if name == "sigmoid":
            s = 1 / (1 + np.exp(-z))
            return s, s * (1 - s)
        return z, np.ones_like(z)

    def mlp_loss_and_grads(X, y, params, activation="relu", output="linear", loss="squared"):
        n = X.shape[0]
        hs, derivs = [X], []
        h = X
        for i, (W, b) in enumerate(params):
            z = h @ W.T + b
            if i < len(params) - 1:
                h, d = act(activation, z)
                derivs.append(d)
                hs.append(h)
            else:
                h = z
        logits = h
        if output == "softmax":
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
        if loss == "cross_entropy":
            value = -np.mean(np.log(p[np.arange(n), y]))
            onehot = np.eye(p.shape[1])[y]
            delta = (p - onehot) / n
        else:
            out = p if output == "softmax" else logits
            value = 0.5 * np.sum((out - y) ** 2) / n
            factor = 2.0 if bug == "loss_x2" else 1.0
            dout = factor * (out - y) / (1 if bug == "db_not_divided" else n)
            if output == "softmax":
                if bug == "softmax_no_outer":
                    delta = p * dout
                else:
                    delta = p * dout - p * np.sum(p * dout, axis=1, keepdims=True)
            else:
                delta = dout
        grads = []
        for i in range(len(params) - 1, -1, -1):
            W = params[i][0]
            if bug == "transposed":
                dW = hs[i].T @ delta
            elif bug == "db_not_divided":
                dW = delta.T @ hs[i] / n
            else:
                dW = delta.T @ hs[i]
            if bug == "db_wrong_axis":
                db = delta.sum(axis=1)
            else:
                db = delta.sum(axis=0)
            if bug == "float32":
                dW, db = dW.astype(np.float32), db.astype(np.float32)
            grads.append((dW, db))
            if i > 0:
                delta = delta @ W
                if bug != "no_act_grad":
                    delta = delta * derivs[i - 1]
        grads.reverse()
        return float(value), grads

    return mlp_loss_and_grads


def node_class(bug: str = ""):
    """A student ``Node`` class with an optional bug.

    bug : "" | "assign" (grad = instead of +=) | "no_topo" (recursive backward without an order)
          | "all_paths" (sums over every path: right but exponential) | "cos_sign"
          | "no_seed" (output grad left at 0) | "recursive_topo" (micrograd-style, right)
          | "no_grad_attr" | "stub __pow__" | "stub backward" (still raise NotImplementedError)
    """

    class Node:
        def __init__(self, value, parents=(), local_grads=()):
            self.value = float(value)
            if bug != "no_grad_attr":
                self.grad = 0.0
            self.parents = parents
            self.local_grads = local_grads

        def _wrap(self, other):
            return other if isinstance(other, Node) else Node(other)

        def __add__(self, other):
            other = self._wrap(other)
            return Node(self.value + other.value, (self, other), (1.0, 1.0))

        __radd__ = __add__

        def __mul__(self, other):
            other = self._wrap(other)
            return Node(self.value * other.value, (self, other), (other.value, self.value))

        __rmul__ = __mul__

        def __neg__(self):
            return Node(-self.value, (self,), (-1.0,))

        def __sub__(self, other):
            return self + (-self._wrap(other))

        def __pow__(self, p):
            if bug == "stub __pow__":  # 8 of the 9 methods written
                raise NotImplementedError()
            return Node(self.value**p, (self,), (p * self.value ** (p - 1),))

        def exp(self):
            return Node(math.exp(self.value), (self,), (math.exp(self.value),))

        def cos(self):
            s = math.sin(self.value)
            return Node(math.cos(self.value), (self,), (s if bug == "cos_sign" else -s,))

        def sigmoid(self):
            s = 1 / (1 + math.exp(-self.value))
            return Node(s, (self,), (s * (1 - s),))

        def _push(self):  # the "no_topo" bug: push the accumulated grad at every visit
            for p, g in zip(self.parents, self.local_grads):
                p.grad += self.grad * g
                p._push()

        def _paths(self, upstream):
            for p, g in zip(self.parents, self.local_grads):
                p.grad += upstream * g
                p._paths(upstream * g)

        def backward(self):
            if bug == "stub backward":
                raise NotImplementedError()
            if bug == "no_topo":
                self.grad = 1.0
                self._push()
                return
            if bug == "all_paths":
                self.grad = 1.0
                self._paths(1.0)
                return
            order, seen = [], set()
            if bug == "recursive_topo":

                def visit(n):
                    if n not in seen:
                        seen.add(n)
                        for p in n.parents:
                            visit(p)
                        order.append(n)

                visit(self)
            else:
                stack = [(self, False)]
                while stack:
                    n, done = stack.pop()
                    if done:
                        order.append(n)
                    elif n not in seen:
                        seen.add(n)
                        stack.append((n, True))
                        stack.extend((p, False) for p in n.parents if p not in seen)
            if bug != "no_grad_attr":
                for n in order:
                    n.grad = 0.0
            self.grad = 0.0 if bug == "no_seed" else 1.0
            for n in reversed(order):
                for p, g in zip(n.parents, n.local_grads):
                    if bug == "assign":
                        p.grad = n.grad * g
                    elif bug == "no_grad_attr":
                        pass
                    else:
                        p.grad += n.grad * g

    return Node
